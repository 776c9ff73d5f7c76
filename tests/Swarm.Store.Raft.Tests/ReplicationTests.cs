using Swarm.Api.Errors;
using Swarm.Testing.Raft;
using Swarm.Testing;

namespace Swarm.Store.Raft.Tests;

public class ReplicationTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Write_OnLeader_VisibleOnEveryFollowerAfterReadBarrier(int size)
    {
        await using var cluster = await TestCluster.StartAsync(size);
        var leader = await cluster.LeaderAsync();

        await leader.Store.CreateConfigAsync("hello");

        foreach (var node in cluster.Nodes)
        {
            await node.Store.ReadBarrierAsync();
            Assert.NotNull(node.Store.Snapshot().Configs.GetByName("hello"));
            Assert.Equal(leader.Store.Version, node.Store.Version);
        }
    }

    [Fact]
    public async Task Write_OnFollower_RefusedWithLeaderAddress()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Nodes.First(n => n != leader);
        await Eventually.TrueAsync(() => follower.Raft.LeaderAddress is not null, TestCluster.Patience, "the follower to know the leader");

        var error = await Assert.ThrowsAsync<NotLeaderException>(() => follower.Store.CreateConfigAsync("nope"));

        Assert.Equal(leader.Address.ToString(), error.LeaderAddress);
        await leader.Store.ReadBarrierAsync();
        Assert.Null(leader.Store.Snapshot().Configs.GetByName("nope"));
    }

    [Fact]
    public async Task ConcurrentWriters_AllCommitted_InSameOrderEverywhere()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.LeaderAsync();

        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => leader.Store.CreateConfigAsync($"c{i}")));

        var expected = leader.Store.Snapshot().Configs.All().Select(c => (c.Id, c.Meta.Version)).ToList();
        Assert.Equal(500, expected.Count);
        foreach (var node in cluster.Nodes)
        {
            await node.Store.ReadBarrierAsync();
            Assert.Equal(expected, node.Store.Snapshot().Configs.All().Select(c => (c.Id, c.Meta.Version)).ToList());
        }
    }
}
