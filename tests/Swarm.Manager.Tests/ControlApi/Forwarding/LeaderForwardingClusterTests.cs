using System.Net;
using System.Text.Json;
using Swarm.Api.EngineApi;
using Swarm.Testing;
using Swarm.Testing.ControlPlane;

namespace Swarm.Manager.Tests.ControlApi.Forwarding;

/// <summary>
/// Any manager answers: 3 real Raft managers, each serving the Engine API on a unix socket, writes sent to a
/// follower go to the leader over gRPC with mutual TLS and the leader's answer comes back unchanged.
/// </summary>
public sealed class LeaderForwardingClusterTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = ControlPlaneCluster.Patience;

    [Fact]
    public async Task ServiceCreate_OnFollower_CommitsOnLeader_AndIsReadableOnEveryManager()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 0, Heartbeat);
        var follower = cluster.ControlApi(cluster.Followers[0]);

        using var response = await follower.CreateServiceAsync("web");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = await ClusterApi.IdOf(response);
        using (var readBack = await follower.Client.GetAsync($"/v1.41/services/{id}"))
            Assert.Equal(HttpStatusCode.OK, readBack.StatusCode); // the follower reads its client's write at once
        var store = await cluster.StoreAsync();
        Assert.Equal("web", store.Snapshot().Services.Get(id)!.Spec.Name);
        foreach (var manager in cluster.Followers.Append(await cluster.LeaderAsync()))
        {
            var api = cluster.ControlApi(manager);
            await Eventually.TrueAsync(async () =>
            {
                using var inspect = await api.Client.GetAsync($"/v1.41/services/{id}");
                return inspect.StatusCode == HttpStatusCode.OK;
            }, Patience, $"service {id} readable on {api.NodeId}");
        }
    }

    [Fact]
    public async Task NameConflict_OnFollower_RelaysTheLeadersAnswerUnchanged()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 0, Heartbeat);
        var follower = cluster.ControlApi(cluster.Followers[0]);
        var leader = cluster.ControlApi(await cluster.LeaderAsync());
        using (var created = await follower.CreateServiceAsync("web"))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var onFollower = await follower.CreateServiceAsync("web");
        using var onLeader = await leader.CreateServiceAsync("web");

        var seen = await ClusterApi.SeenAsync(onFollower);
        Assert.Equal(409, seen.Status);
        Assert.Equal("application/json", seen.ContentType);
        Assert.Contains("already exists", JsonDocument.Parse(seen.Body).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(await ClusterApi.SeenAsync(onLeader), seen);
    }

    [Fact]
    public async Task Update_WithStaleVersion_OnFollower_RelaysTheLeadersError()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 0, Heartbeat);
        var follower = cluster.ControlApi(cluster.Followers[0]);
        var leader = cluster.ControlApi(await cluster.LeaderAsync());
        using var created = await follower.CreateServiceAsync("web");
        var id = await ClusterApi.IdOf(created);
        var stale = (await cluster.StoreAsync()).Snapshot().Services.Get(id)!.Meta.Version;
        // The leader's loops may touch the service too: an update from a fresh read goes through eventually.
        await Eventually.TrueAsync(async () =>
        {
            var version = (await cluster.StoreAsync()).Snapshot().Services.Get(id)!.Meta.Version;
            using var updated = await follower.PostJsonAsync($"/v1.41/services/{id}/update?version={version}", ControlApiHost.Spec("web", replicas: 3));
            return updated.StatusCode == HttpStatusCode.OK;
        }, Patience, "an update based on a fresh read");

        using var onFollower = await follower.PostJsonAsync($"/v1.41/services/{id}/update?version={stale}", ControlApiHost.Spec("web", replicas: 5));
        using var onLeader = await leader.PostJsonAsync($"/v1.41/services/{id}/update?version={stale}", ControlApiHost.Spec("web", replicas: 5));

        var (status, contentType, body) = await ClusterApi.SeenAsync(onFollower);
        var fromLeader = await ClusterApi.SeenAsync(onLeader);
        Assert.Equal((fromLeader.Status, fromLeader.ContentType), (status, contentType));
        Assert.Equal(409, status);
        var message = JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()!;
        Assert.StartsWith("update out of sequence", message, StringComparison.Ordinal);
        Assert.EndsWith($"based on {stale}", message, StringComparison.Ordinal);
        Assert.Equal(3UL, (await cluster.StoreAsync()).Snapshot().Services.Get(id)!.Spec.Mode.Replicated!.Replicas);
    }

    [Fact]
    public async Task ConfigCreate_OfTheLargestSize_OnFollower_IsForwarded()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 0, Heartbeat);
        var follower = cluster.ControlApi(cluster.Followers[0]);
        var data = new byte[Swarm.Api.Objects.Config.MaxSize];
        Random.Shared.NextBytes(data);
        var json = $"{{\"Name\":\"big\",\"Data\":\"{Convert.ToBase64String(data)}\"}}";

        using var response = await follower.Client.PostAsync(
            "/v1.41/configs/create", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var config = (await cluster.StoreAsync()).Snapshot().Configs.Get(await ClusterApi.IdOf(response))!;
        Assert.Equal(data, config.Spec.Data);
    }

    [Fact]
    public async Task Delete_OnFollower_IsForwarded()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 0, Heartbeat);
        var follower = cluster.ControlApi(cluster.Followers[0]);
        using var created = await follower.CreateServiceAsync("web");
        var id = await ClusterApi.IdOf(created);

        using var removed = await follower.Client.DeleteAsync($"/v1.41/services/{id}");
        using var again = await follower.Client.DeleteAsync($"/v1.41/services/{id}");

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Null((await cluster.StoreAsync()).Snapshot().Services.Get(id));
    }

    [Fact]
    public async Task LeaderKilled_FollowerAnswers503OrTheNewLeadersAnswer_ThenWritesReachTheNewLeader()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 0, Heartbeat);
        var old = await cluster.LeaderAsync();
        var survivor = cluster.Followers[0];
        await cluster.KillAsync(old);

        using var during = await cluster.ControlApi(survivor).CreateServiceAsync("during");

        // The old leader died before the request was sent, so the outcome is never "unknown": the write either
        // reached the new leader in time, or nothing was written and the user is told to retry.
        var seen = await ClusterApi.SeenAsync(during);
        Assert.True(seen.Status is 201 or 503, $"{seen.Status} {seen.Body}");
        if (seen.Status == 503)
            Assert.True(seen.Body.Contains("could not be forwarded", StringComparison.Ordinal), seen.Body);
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Followers.Single();
        using var after = await cluster.ControlApi(follower).CreateServiceAsync("after");
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        await leader.Store.ReadBarrierAsync();
        var names = leader.Store.Snapshot().Services.All().Select(s => s.Spec.Name).ToList();
        Assert.Contains("after", names);
        Assert.Equal(seen.Status == 201 ? 1 : 0, names.Count(n => n == "during"));
    }

    [Fact]
    public async Task QuorumLost_FollowerAnswers503_AndNothingIsWritten()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 0, Heartbeat);
        var leader = await cluster.LeaderAsync();
        var (survivor, other) = (cluster.Followers[0], cluster.Followers[1]);
        await survivor.Store.ReadBarrierAsync();
        // The follower first: the leader keeps its quorum meanwhile, so the survivor never wins an election.
        await cluster.KillAsync(other);
        await cluster.KillAsync(leader);

        using var response = await cluster.ControlApi(survivor).CreateServiceAsync("web");

        var seen = await ClusterApi.SeenAsync(response);
        Assert.Equal(503, seen.Status);
        Assert.True(seen.Body.Contains("could not be forwarded", StringComparison.Ordinal), seen.Body);
        Assert.Null(survivor.Store.Snapshot().Services.GetByName("web"));
    }
}
