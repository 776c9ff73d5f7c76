using System.Net;
using Swarm.Api.Objects;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.Tests.ControlApi;

public sealed class ServiceUpdateTests
{
    [Fact]
    public async Task Update_WithCurrentVersion_ReplacesSpecKeepsPreviousAndBumpsSpecVersion()
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web", 1);
        var before = await host.GetJsonAsync<E.Service>($"/services/{id}");

        using var response = await host.PostJsonAsync($"/v1.41/services/{id}/update?version={before.Version.Index}", ControlApiHost.Spec("web", 5, "nginx"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await host.GetJsonAsync<E.Service>($"/services/{id}");
        Assert.Equal(5UL, after.Spec.Mode!.Replicated!.Replicas);
        Assert.Equal("nginx", after.Spec.TaskTemplate!.ContainerSpec!.Image);
        Assert.Equal("busybox", after.PreviousSpec!.TaskTemplate!.ContainerSpec!.Image);
        Assert.True(after.Version.Index > before.Version.Index);
        Assert.Equal(2UL, host.Store.Snapshot().Services.Get(id)!.SpecVersion);
    }

    [Fact]
    public async Task Update_ClearsAPausedUpdateStatus()
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web");
        await host.Store.UpdateAsync(tx => tx.Services.Update(tx.Services.Get(id)! with { UpdateStatus = new UpdateStatus { State = UpdateState.Paused } }));
        var version = host.Store.Snapshot().Services.Get(id)!.Meta.Version;

        using var response = await host.PostJsonAsync($"/services/{id}/update?version={version}", ControlApiHost.Spec("web", 2));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(host.Store.Snapshot().Services.Get(id)!.UpdateStatus);
    }

    [Fact]
    public async Task Update_StaleVersion_Returns409AndChangesNothing()
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web");
        var stale = host.Store.Snapshot().Services.Get(id)!.Meta.Version;
        await host.PostJsonAsync($"/services/{id}/update?version={stale}", ControlApiHost.Spec("web", 2));
        var version = host.Store.Version;

        using var response = await host.PostJsonAsync($"/services/{id}/update?version={stale}", ControlApiHost.Spec("web", 9));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("out of sequence", await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
        Assert.Equal(version, host.Store.Version);
        Assert.Equal(2UL, host.Store.Snapshot().Services.Get(id)!.Spec.Mode.Replicated!.Replicas);
    }

    [Theory]
    [InlineData("", "missing version")]
    [InlineData("?version=x", "invalid version")]
    [InlineData("?version=VERSION&rollback=sideways", "unrecognized rollback option")]
    public async Task Update_BadQuery_Returns400(string query, string expected)
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web");
        var version = host.Store.Snapshot().Services.Get(id)!.Meta.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var response = await host.PostJsonAsync($"/services/{id}/update{query.Replace("VERSION", version, StringComparison.Ordinal)}", ControlApiHost.Spec("web"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_RenameOrModeChange_Returns400()
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web");
        var version = host.Store.Snapshot().Services.Get(id)!.Meta.Version;

        using var rename = await host.PostJsonAsync($"/services/{id}/update?version={version}", ControlApiHost.Spec("web2"));
        using var mode = await host.PostJsonAsync($"/services/{id}/update?version={version}",
            ControlApiHost.Spec("web") with { Mode = new E.ServiceMode { Global = new E.GlobalService() } });

        Assert.Equal(HttpStatusCode.BadRequest, rename.StatusCode);
        Assert.Equal("renaming services is not supported", await ControlApiHost.MessageOf(rename));
        Assert.Equal(HttpStatusCode.BadRequest, mode.StatusCode);
        Assert.Equal("service mode change is not allowed", await ControlApiHost.MessageOf(mode));
    }

    [Fact]
    public async Task Update_RollbackPrevious_SwapsSpecsAndMarksRollbackStarted()
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web", 1);
        await host.PostJsonAsync($"/services/{id}/update?version={host.Store.Snapshot().Services.Get(id)!.Meta.Version}", ControlApiHost.Spec("web", 4, "nginx"));
        var version = host.Store.Snapshot().Services.Get(id)!.Meta.Version;

        using var response = await host.PostJsonAsync($"/v1.41/services/{id}/update?version={version}&rollback=previous", ControlApiHost.Spec("web", 4, "nginx"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await host.GetJsonAsync<E.Service>($"/services/{id}");
        Assert.Equal(1UL, after.Spec.Mode!.Replicated!.Replicas);
        Assert.Equal("busybox", after.Spec.TaskTemplate!.ContainerSpec!.Image);
        Assert.Equal(4UL, after.PreviousSpec!.Mode!.Replicated!.Replicas);
        Assert.Equal("rollback_started", after.UpdateStatus!.State);
        Assert.Equal(3UL, host.Store.Snapshot().Services.Get(id)!.SpecVersion);
    }

    [Fact]
    public async Task Update_ScaleOnly_KeepsSpecVersionSoTasksAreNotReplaced()
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web", 1);

        using var response = await host.PostJsonAsync($"/services/{id}/update?version={host.Store.Snapshot().Services.Get(id)!.Meta.Version}", ControlApiHost.Spec("web", 7));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = host.Store.Snapshot().Services.Get(id)!;
        Assert.Equal(7UL, stored.Spec.Mode.Replicated!.Replicas);
        Assert.Equal(1UL, stored.SpecVersion);
    }

    [Fact]
    public async Task Update_ScaleWithTheSpecReadWithInsertDefaults_KeepsSpecVersion()
    {
        // docker-py's scale reads the spec with ?insertDefaults=true and sends it back with the new replica count.
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web", 1);
        var read = await host.Client.GetStringAsync($"/v1.41/services/{id}?insertDefaults=true");
        var spec = System.Text.Json.Nodes.JsonNode.Parse(read)!["Spec"]!;
        spec["Mode"]!["Replicated"]!["Replicas"] = 3;

        using var response = await host.Client.PostAsync(
            $"/v1.41/services/{id}/update?version={host.Store.Snapshot().Services.Get(id)!.Meta.Version}",
            new StringContent(spec.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = host.Store.Snapshot().Services.Get(id)!;
        Assert.Equal(3UL, stored.Spec.Mode.Replicated!.Replicas);
        Assert.NotNull(stored.Spec.TaskTemplate.RestartPolicy); // the defaults were sent, and kept as given
        Assert.Equal(1UL, stored.SpecVersion);
    }

    [Fact]
    public async Task Update_RollbackWithoutPreviousSpec_Returns400()
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web");
        var version = host.Store.Snapshot().Services.Get(id)!.Meta.Version;

        using var response = await host.PostJsonAsync($"/services/{id}/update?version={version}&rollback=previous", ControlApiHost.Spec("web"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("does not have a previous spec", await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ForceUpdateIncremented_IsANewSpecVersion()
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web");
        var spec = ControlApiHost.Spec("web");
        var forced = spec with { TaskTemplate = spec.TaskTemplate! with { ForceUpdate = 1 } };

        using var response = await host.PostJsonAsync($"/services/{id}/update?version={host.Store.Snapshot().Services.Get(id)!.Meta.Version}", forced);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = host.Store.Snapshot().Services.Get(id)!;
        Assert.Equal(1UL, stored.Spec.TaskTemplate.ForceUpdate);
        Assert.Equal(2UL, stored.SpecVersion);
    }

    [Fact]
    public async Task Delete_RemovesTheService_ThenIs404()
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web");

        using var deleted = await host.Client.DeleteAsync("/v1.41/services/web");
        using var again = await host.Client.DeleteAsync($"/v1.41/services/{id}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Null(host.Store.Snapshot().Services.Get(id));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }
}
