using System.Net;
using System.Text.Json;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.Tests.ControlApi;

public sealed class NetworkEndpointsTests
{
    [Fact]
    public async Task Create_Overlay_InspectAndListShowNetworkResourceShape()
    {
        await using var host = await ControlApiHost.StartAsync();

        using var created = await host.PostJsonAsync("/v1.41/networks/create", new E.NetworkCreateRequest
        {
            Name = "backend", Driver = "overlay", Attachable = true,
            IPAM = new E.Ipam { Config = [new E.IpamPool { Subnet = "10.20.0.0/24", Gateway = "10.20.0.1" }] },
        });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("Id").GetString()!;
        using var doc = JsonDocument.Parse(await host.Client.GetStringAsync("/v1.41/networks/backend"));
        var listed = await host.GetJsonAsync<E.Network[]>("/networks?filters=" + Uri.EscapeDataString("""{"driver":["overlay"],"name":["back"]}"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var root = doc.RootElement;
        Assert.Equal(id, root.GetProperty("Id").GetString());
        Assert.Equal("swarm", root.GetProperty("Scope").GetString());
        Assert.Equal("overlay", root.GetProperty("Driver").GetString());
        Assert.True(root.GetProperty("Attachable").GetBoolean());
        Assert.Equal("10.20.0.0/24", root.GetProperty("IPAM").GetProperty("Config")[0].GetProperty("Subnet").GetString());
        Assert.Equal(id, Assert.Single(listed).Id);
    }

    [Theory]
    [InlineData("bridge", null, "pre-defined network")]
    [InlineData("local", "bridge", "cannot be used for a swarm-scoped network")]
    [InlineData("badnet", "overlay", "invalid subnet")]
    public async Task Create_Invalid_Returns400(string name, string? driver, string expected)
    {
        await using var host = await ControlApiHost.StartAsync();

        using var response = await host.PostJsonAsync("/networks/create", new E.NetworkCreateRequest
        {
            Name = name, Driver = driver, IPAM = name == "badnet" ? new E.Ipam { Config = [new E.IpamPool { Subnet = "10.0.0.1/24" }] } : null,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
        Assert.Empty(host.Store.Snapshot().Networks.All());
    }

    [Fact]
    public async Task Create_DuplicateName_Returns409()
    {
        await using var host = await ControlApiHost.StartAsync();
        await host.PostJsonAsync("/networks/create", new E.NetworkCreateRequest { Name = "backend", Driver = "overlay" });

        using var response = await host.PostJsonAsync("/networks/create", new E.NetworkCreateRequest { Name = "backend", Driver = "overlay" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Delete_InUseRefused_UnusedRemoved()
    {
        await using var host = await ControlApiHost.StartAsync();
        await host.PostJsonAsync("/networks/create", new E.NetworkCreateRequest { Name = "used", Driver = "overlay" });
        await host.PostJsonAsync("/networks/create", new E.NetworkCreateRequest { Name = "free", Driver = "overlay" });
        await host.PostJsonAsync("/services/create", ControlApiHost.Spec("web") with
        {
            TaskTemplate = new E.TaskSpec { ContainerSpec = new E.ContainerSpec { Image = "busybox" }, Networks = [new E.NetworkAttachmentConfig { Target = "used" }] },
        });

        using var inUse = await host.Client.DeleteAsync("/networks/used");
        using var free = await host.Client.DeleteAsync("/v1.41/networks/free");
        using var missing = await host.Client.DeleteAsync("/networks/free");

        Assert.Equal(HttpStatusCode.BadRequest, inUse.StatusCode);
        Assert.Contains("in use by service web", await ControlApiHost.MessageOf(inUse), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, free.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
