using Swarm.Store.Raft.Security;
using Swarm.Testing.Raft;
using Swarm.Testing;
using Swarm.Testing.Net;
using Swarm.Testing.Security;

namespace Swarm.Store.Raft.Tests;

public class MembershipTests
{
    [Fact]
    public async Task AddMember_NewNodeReceivesEverything_AndCountsInQuorum()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.LeaderAsync();
        await leader.Store.CreateConfigAsync("old");

        using var cts = new CancellationTokenSource(TestCluster.Patience);
        var added = await cluster.AddNodeAsync(cts.Token);
        await leader.Store.CreateConfigAsync("new");

        await Eventually.TrueAsync(() => leader.Raft.Members.Count == 4, TestCluster.Patience, "four members");
        await added.Store.ReadBarrierAsync();
        Assert.NotNull(added.Store.Snapshot().Configs.GetByName("old"));
        Assert.NotNull(added.Store.Snapshot().Configs.GetByName("new"));
    }

    [Fact]
    public async Task RemoveMember_DeadNodeRemoved_ClusterKeepsCommitting()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Nodes.First(n => n != leader);
        await follower.StopAsync();

        await leader.Raft.RemoveMemberAsync(follower.Address, CancellationToken.None);

        await Eventually.TrueAsync(() => leader.Raft.Members.Count == 2, TestCluster.Patience, "two members");
        Assert.DoesNotContain(leader.Raft.Members, m => m.Equals(follower.Address));
        await leader.Store.CreateConfigAsync("still-writable");
    }

    [Fact]
    public async Task MembershipChange_OnFollower_RefusedAsNotLeader()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Nodes.First(n => n != leader);

        await Assert.ThrowsAsync<Swarm.Api.Errors.NotLeaderException>(
            () => follower.Raft.RemoveMemberAsync(leader.Address, CancellationToken.None));
    }

    [Fact]
    public async Task NodeWithCertificateFromAnotherCa_CannotJoin_ClusterUnaffected()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.LeaderAsync();
        using var foreignCa = new ThrowawayCa("foreign-ca");
        using var directory = new TempDirectory();
        var options = TestNode.OptionsFor(directory.Sub("intruder"), FreePorts.Next(),
            new PemNodeCertificates(foreignCa.Issue("intruder"), foreignCa.Certificate));
        await using var intruder = await TestNode.StartAsync(options, CancellationToken.None);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAnyAsync<Exception>(() => leader.Raft.AddMemberAsync(intruder.Address, cts.Token));

        await leader.Store.CreateConfigAsync("private");
        Assert.Equal(0, intruder.Store.Snapshot().Configs.Count);
        Assert.Equal(3, leader.Raft.Members.Count);
    }
}
