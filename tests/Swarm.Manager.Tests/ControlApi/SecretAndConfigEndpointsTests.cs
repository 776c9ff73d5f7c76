using System.Net;
using System.Text.Json;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.Tests.ControlApi;

public sealed class SecretAndConfigEndpointsTests
{
    [Fact]
    public async Task Secret_CreateInspectList_NeverShowsData()
    {
        await using var host = await ControlApiHost.StartAsync();

        using var created = await host.PostJsonAsync("/v1.41/secrets/create", new E.SecretSpec { Name = "db.pw", Data = "hunter2"u8.ToArray(), Labels = new Dictionary<string, string> { ["app"] = "db" } });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("ID").GetString()!;
        var inspect = await host.Client.GetStringAsync($"/v1.41/secrets/{id}");
        var byName = await host.GetJsonAsync<E.Secret[]>("/secrets?filters=" + Uri.EscapeDataString("""{"names":["db.pw"]}"""));
        var byLabel = await host.GetJsonAsync<E.Secret[]>("/secrets?filters=" + Uri.EscapeDataString("""{"label":["app=web"]}"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("hunter2"u8.ToArray(), host.Store.Snapshot().Secrets.Get(id)!.Spec.Data);
        Assert.DoesNotContain("\"Data\"", inspect, StringComparison.Ordinal);
        Assert.Contains("\"Name\":\"db.pw\"", inspect, StringComparison.Ordinal);
        Assert.Equal(id, Assert.Single(byName).ID);
        Assert.Empty(byLabel);
    }

    [Theory]
    [InlineData("/secrets/create", 500 * 1024 + 1, "less than 500KB")]
    [InlineData("/secrets/create", 0, "larger than 0")]
    [InlineData("/configs/create", 1000 * 1024 + 1, "less than 1000KB")]
    public async Task Create_DataOutOfBounds_Returns400(string path, int size, string expected)
    {
        await using var host = await ControlApiHost.StartAsync();
        var version = host.Store.Version;

        using var response = await host.PostJsonAsync(path, new E.SecretSpec { Name = "big", Data = new byte[size] });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
        Assert.Equal(version, host.Store.Version);
    }

    [Fact]
    public async Task Create_LargestAllowedAndBadNameAndDuplicate()
    {
        await using var host = await ControlApiHost.StartAsync();

        using var largest = await host.PostJsonAsync("/secrets/create", new E.SecretSpec { Name = "big", Data = new byte[500 * 1024] });
        using var badName = await host.PostJsonAsync("/secrets/create", new E.SecretSpec { Name = "-bad", Data = [1] });
        using var duplicate = await host.PostJsonAsync("/secrets/create", new E.SecretSpec { Name = "big", Data = [1] });

        Assert.Equal(HttpStatusCode.Created, largest.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task Update_LabelsOnly()
    {
        await using var host = await ControlApiHost.StartAsync();
        using var created = await host.PostJsonAsync("/configs/create", new E.ConfigSpec { Name = "nginx.conf", Data = "a"u8.ToArray() });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("ID").GetString()!;
        var config = await host.GetJsonAsync<E.Config>($"/configs/{id}");

        using var labels = await host.PostJsonAsync($"/v1.41/configs/{id}/update?version={config.Version.Index}",
            config.Spec with { Labels = new Dictionary<string, string> { ["v"] = "2" } });
        var after = await host.GetJsonAsync<E.Config>($"/configs/{id}");
        using var data = await host.PostJsonAsync($"/v1.41/configs/{id}/update?version={after.Version.Index}", after.Spec with { Data = "b"u8.ToArray() });

        Assert.Equal(HttpStatusCode.OK, labels.StatusCode);
        Assert.Equal("2", after.Spec.Labels!["v"]);
        Assert.Equal("a"u8.ToArray(), after.Spec.Data);
        Assert.Equal(HttpStatusCode.BadRequest, data.StatusCode);
        Assert.Equal("only updates to Labels are allowed", await ControlApiHost.MessageOf(data));
    }

    [Fact]
    public async Task Delete_InUse_Refused_ThenAllowedOnceTheServiceIsGone()
    {
        await using var host = await ControlApiHost.StartAsync();
        using var created = await host.PostJsonAsync("/secrets/create", new E.SecretSpec { Name = "pw", Data = [1] });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("ID").GetString()!;
        var spec = ControlApiHost.Spec("web") with
        {
            TaskTemplate = new E.TaskSpec { ContainerSpec = new E.ContainerSpec { Image = "busybox", Secrets = [new E.SecretReference { SecretID = id, SecretName = "pw", File = new E.FileTarget { Name = "pw" } }] } },
        };
        using var service = await host.PostJsonAsync("/services/create", spec);

        using var inUse = await host.Client.DeleteAsync("/secrets/pw");
        await host.Client.DeleteAsync("/services/web");
        using var deleted = await host.Client.DeleteAsync("/secrets/pw");

        Assert.Equal(HttpStatusCode.Created, service.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, inUse.StatusCode);
        Assert.Equal("secret 'pw' is in use by the following service: web", await ControlApiHost.MessageOf(inUse));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(host.Store.Snapshot().Secrets.All());
    }

    [Fact]
    public async Task Config_InspectShowsData_DeleteUnknownIs404()
    {
        await using var host = await ControlApiHost.StartAsync();
        await host.PostJsonAsync("/configs/create", new E.ConfigSpec { Name = "app.conf", Data = "x=1"u8.ToArray() });

        using var doc = JsonDocument.Parse(await host.Client.GetStringAsync("/configs/app.conf"));
        using var missing = await host.Client.DeleteAsync("/configs/nope");

        Assert.Equal(Convert.ToBase64String("x=1"u8), doc.RootElement.GetProperty("Spec").GetProperty("Data").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
