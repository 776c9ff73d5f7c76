using System.Net;
using System.Text.Json;
using Swarm.Manager.ControlApi;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.Tests.ControlApi;

public sealed class SystemEndpointsTests
{
    [Theory]
    [InlineData("/_ping")]
    [InlineData("/v1.41/_ping")]
    [InlineData("/v1.24/_ping")]
    [InlineData("/v1.47/_ping")]
    public async Task Ping_AnySupportedVersion_AnswersOkWithDockerHeaders(string path)
    {
        await using var host = await ControlApiHost.StartAsync();

        using var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync());
        Assert.Equal("1.41", response.Headers.GetValues("API-Version").Single());
        Assert.Equal("linux", response.Headers.GetValues("OSType").Single());
        Assert.Equal("active/manager", response.Headers.GetValues("Swarm").Single());
    }

    [Fact]
    public async Task Ping_Head_AnswersWithHeadersOnly()
    {
        await using var host = await ControlApiHost.StartAsync();

        using var response = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/_ping"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1.41", response.Headers.GetValues("API-Version").Single());
    }

    [Fact]
    public async Task Ping_InactiveWorker_SwarmHeaderSaysInactive()
    {
        await using var host = await ControlApiHost.StartAsync();
        host.Local.State = LocalNodeState.Inactive;

        using var response = await host.Client.GetAsync("/_ping");

        Assert.Equal("inactive", response.Headers.GetValues("Swarm").Single());
    }

    [Theory]
    [InlineData("/v1.50/version", "too new. Maximum supported API version is 1.47")]
    [InlineData("/v1.12/version", "too old. Minimum supported API version is 1.24")]
    public async Task AnyRoute_UnsupportedVersion_Returns400WithDockerText(string path, string expected)
    {
        await using var host = await ControlApiHost.StartAsync();

        using var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_ReportsApiVersions()
    {
        await using var host = await ControlApiHost.StartAsync();

        var version = await host.GetJsonAsync<E.VersionInfo>("/v1.41/version");

        Assert.Equal("1.41", version.ApiVersion);
        Assert.Equal("1.24", version.MinAPIVersion);
        Assert.Equal("linux", version.Os);
        Assert.Equal("0.1.0-test", version.Version);
    }

    [Fact]
    public async Task Info_Manager_ShowsSwarmSection()
    {
        await using var host = await ControlApiHost.StartAsync();
        await host.Store.UpdateAsync(tx => tx.Nodes.Create(ControlApiHost.NewNode("worker1", "worker-1", Api.Objects.NodeRole.Worker)));

        using var doc = JsonDocument.Parse(await host.Client.GetStringAsync("/v1.41/info"));
        var swarm = doc.RootElement.GetProperty("Swarm");

        Assert.Equal(host.Local.NodeId, swarm.GetProperty("NodeID").GetString());
        Assert.Equal("198.18.0.1", swarm.GetProperty("NodeAddr").GetString());
        Assert.Equal("active", swarm.GetProperty("LocalNodeState").GetString());
        Assert.True(swarm.GetProperty("ControlAvailable").GetBoolean());
        Assert.Equal(2, swarm.GetProperty("Nodes").GetInt32());
        Assert.Equal(1, swarm.GetProperty("Managers").GetInt32());
        var manager = Assert.Single(swarm.GetProperty("RemoteManagers").EnumerateArray());
        Assert.Equal("198.18.0.1:2377", manager.GetProperty("Addr").GetString());
        Assert.Equal("clusterid0000000000000000", swarm.GetProperty("Cluster").GetProperty("ID").GetString());
        Assert.Equal("linux", doc.RootElement.GetProperty("OSType").GetString());
    }

    [Fact]
    public async Task Info_Worker_HasNoControl()
    {
        await using var host = await ControlApiHost.StartAsync();
        host.Local.IsManager = false;

        using var doc = JsonDocument.Parse(await host.Client.GetStringAsync("/info"));
        var swarm = doc.RootElement.GetProperty("Swarm");

        Assert.False(swarm.GetProperty("ControlAvailable").GetBoolean());
        Assert.False(swarm.TryGetProperty("Nodes", out _));
    }

    [Fact]
    public async Task UnknownRoute_Returns404Json()
    {
        await using var host = await ControlApiHost.StartAsync();

        using var response = await host.Client.GetAsync("/v1.41/nothing/here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("page not found", await ControlApiHost.MessageOf(response));
    }

    [Fact]
    public async Task DistributionInspect_Answers4xxSoTheCliGoesOnWithoutADigest()
    {
        await using var host = await ControlApiHost.StartAsync();

        using var response = await host.Client.GetAsync("/v1.41/distribution/library/busybox:latest/json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("library/busybox:latest", await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LocalNodeState.Inactive, true, "docker swarm init")]
    [InlineData(LocalNodeState.Active, false, "Worker nodes can't be used")]
    [InlineData(LocalNodeState.Locked, true, "needs to be unlocked")]
    public async Task ClusterRoutes_NotAnActiveManager_Return503(LocalNodeState state, bool manager, string expected)
    {
        await using var host = await ControlApiHost.StartAsync();
        host.Local.State = state;
        host.Local.IsManager = manager;

        using var response = await host.Client.GetAsync("/v1.41/services");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(expected, await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerWithoutStore_PingAndInfoWork_ClusterRoutesAnswer503()
    {
        await using var host = await ControlApiHost.StartWithoutStoreAsync();
        host.Local.IsManager = false;

        using var ping = await host.Client.GetAsync("/_ping");
        using var info = JsonDocument.Parse(await host.Client.GetStringAsync("/v1.41/info"));
        using var services = await host.Client.GetAsync("/v1.41/services");
        using var create = await host.PostJsonAsync("/v1.41/secrets/create", new E.SecretSpec { Name = "s", Data = [1] });
        using var events = await host.Client.GetAsync("/v1.41/events");

        Assert.Equal("active/worker", ping.Headers.GetValues("Swarm").Single());
        Assert.False(info.RootElement.GetProperty("Swarm").GetProperty("ControlAvailable").GetBoolean());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, services.StatusCode);
        Assert.Contains("Worker nodes can't be used", await ControlApiHost.MessageOf(services), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, create.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, events.StatusCode);
    }
}
