using Swarm.Testing.Raft;
using Swarm.Testing;

namespace Swarm.Store.Raft.Tests;

public class FailoverTests
{
    [Fact]
    public async Task LeaderStops_NewLeaderElected_WritesContinue()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.LeaderAsync();
        await leader.Store.CreateConfigAsync("before");

        await leader.StopAsync();
        var next = await cluster.LeaderAsync(excluding: leader);
        await next.Store.CreateConfigAsync("after");

        foreach (var node in cluster.Running)
        {
            await node.Store.ReadBarrierAsync();
            var configs = node.Store.Snapshot().Configs;
            Assert.NotNull(configs.GetByName("before"));
            Assert.NotNull(configs.GetByName("after"));
        }
    }

    [Fact]
    public async Task FollowerRestarts_FromDataDirectory_CatchesUp()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Nodes.First(n => n != leader);
        await leader.Store.CreateConfigAsync("seen");

        await follower.StopAsync();
        for (var i = 0; i < 20; i++)
            await leader.Store.CreateConfigAsync($"missed-{i}");
        var restarted = await cluster.RestartAsync(follower);

        await Eventually.TrueAsync(() => restarted.Store.Version == leader.Store.Version, TestCluster.Patience, "the restarted node to catch up");
        Assert.Equal(21, restarted.Store.Snapshot().Configs.Count);
        Assert.Equal(0, restarted.Raft.SnapshotsRestored);
    }

    [Fact]
    public async Task FollowerFarBehind_ReceivesSnapshot_AndMatchesLeader()
    {
        await using var cluster = await TestCluster.StartAsync(3, snapshotInterval: 25);
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Nodes.First(n => n != leader);
        await follower.StopAsync();

        for (var i = 0; i < 200; i++)
            await cluster.CreateConfigOnLeaderAsync($"c{i}");
        var restarted = await cluster.RestartAsync(follower);
        leader = await cluster.LeaderAsync(excluding: restarted);

        await Eventually.TrueAsync(() => restarted.Store.Version == leader.Store.Version, TestCluster.Patience, "the lagging node to catch up");
        Assert.True(restarted.Raft.SnapshotsRestored > 0, "the leader's log was compacted, so only a snapshot can have caught it up");
        Assert.Equal(
            leader.Store.Snapshot().Configs.All().Select(c => (c.Id, c.Meta.Version)),
            restarted.Store.Snapshot().Configs.All().Select(c => (c.Id, c.Meta.Version)));
    }

    [Fact]
    public async Task WholeClusterRestarts_ElectsLeader_KeepsEveryWrite()
    {
        await using var cluster = await TestCluster.StartAsync(3, snapshotInterval: 30);
        var leader = await cluster.LeaderAsync();
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => leader.Store.CreateConfigAsync($"c{i}")));
        var version = leader.Store.Version;

        foreach (var node in cluster.Nodes.ToList())
            await node.StopAsync();
        foreach (var node in cluster.Nodes.ToList())
            _ = await cluster.RestartAsync(node);

        var newLeader = await cluster.LeaderAsync();
        await newLeader.Store.ReadBarrierAsync();
        Assert.Equal(version, newLeader.Store.Version);
        Assert.Equal(100, newLeader.Store.Snapshot().Configs.Count);
        await newLeader.Store.CreateConfigAsync("after-restart");
    }
}
