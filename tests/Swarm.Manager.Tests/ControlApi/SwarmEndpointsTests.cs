using System.Net;
using System.Text.Json;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.Tests.ControlApi;

public sealed class SwarmEndpointsTests
{
    [Fact]
    public async Task Inspect_ShowsSpecDefaultsAndJoinTokens()
    {
        await using var host = await ControlApiHost.StartAsync();

        using var doc = JsonDocument.Parse(await host.Client.GetStringAsync("/v1.41/swarm"));
        var root = doc.RootElement;

        Assert.Equal("clusterid0000000000000000", root.GetProperty("ID").GetString());
        Assert.Equal("default", root.GetProperty("Spec").GetProperty("Name").GetString());
        Assert.Equal(5_000_000_000, root.GetProperty("Spec").GetProperty("Dispatcher").GetProperty("HeartbeatPeriod").GetInt64());
        Assert.Equal(5, root.GetProperty("Spec").GetProperty("Orchestration").GetProperty("TaskHistoryRetentionLimit").GetInt64());
        Assert.Equal(ControlApiHost.WorkerToken, root.GetProperty("JoinTokens").GetProperty("Worker").GetString());
        Assert.Equal(4789, root.GetProperty("DataPathPort").GetInt32());
    }

    [Fact]
    public async Task Update_ChangesSpecAndRotatesTokens_StaleVersionIs409()
    {
        await using var host = await ControlApiHost.StartAsync();
        var swarm = await host.GetJsonAsync<E.SwarmInfo>("/swarm");
        var spec = swarm.Spec with { Orchestration = new E.OrchestrationConfig { TaskHistoryRetentionLimit = 10 } };

        using var response = await host.PostJsonAsync($"/v1.41/swarm/update?version={swarm.Version.Index}&rotateWorkerToken=true&rotateManagerUnlockKey=true", spec);
        using var stale = await host.PostJsonAsync($"/v1.41/swarm/update?version={swarm.Version.Index}", spec);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await host.GetJsonAsync<E.SwarmInfo>("/swarm");
        Assert.Equal(10, after.Spec.Orchestration!.TaskHistoryRetentionLimit);
        Assert.StartsWith("SWMTKN-1-" + ControlApiHost.Digest + "-", after.JoinTokens.Worker, StringComparison.Ordinal);
        Assert.NotEqual(ControlApiHost.WorkerToken, after.JoinTokens.Worker);
        Assert.Equal(ControlApiHost.ManagerToken, after.JoinTokens.Manager);
        Assert.Contains("rotate-unlock-key", host.Membership.Calls);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task InitJoinLeaveUnlock_GoToMembership_EvenWhenInactive()
    {
        await using var host = await ControlApiHost.StartAsync();
        host.Local.State = Swarm.Manager.ControlApi.LocalNodeState.Inactive;

        using var init = await host.PostJsonAsync("/v1.41/swarm/init", new E.SwarmInitRequest { AdvertiseAddr = "10.0.0.1" });
        using var join = await host.PostJsonAsync("/v1.41/swarm/join", new E.SwarmJoinRequest { JoinToken = "T", RemoteAddrs = ["10.0.0.2:2377"] });
        using var leave = await host.Client.PostAsync("/v1.41/swarm/leave?force=true", null);
        using var unlock = await host.PostJsonAsync("/swarm/unlock", new E.UnlockKeyResponse { UnlockKey = "K" });

        Assert.Equal(HttpStatusCode.OK, init.StatusCode);
        Assert.Equal("\"newnodeid\"", await init.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
        Assert.Equal(HttpStatusCode.OK, leave.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unlock.StatusCode);
        Assert.Equal(["init 10.0.0.1", "join T 10.0.0.2:2377", "leave force=True", "unlock K"], host.Membership.Calls);
    }

    [Fact]
    public async Task UnlockKey_FromMembership()
    {
        await using var host = await ControlApiHost.StartAsync();

        var key = await host.GetJsonAsync<E.UnlockKeyResponse>("/swarm/unlockkey");

        Assert.Equal("SWMKEY-1-test", key.UnlockKey);
    }
}
