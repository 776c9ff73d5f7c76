using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Objects;
using Swarm.Manager.Membership;
using Swarm.Manager.Tests.Orchestration;
using Swarm.Store;
using Swarm.Testing;

namespace Swarm.Manager.Tests.Membership;

public sealed class RoleManagerLoopTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static Node Manager(string id, string raftAddr, NodeState state = NodeState.Ready) => new()
    {
        Id = id,
        Role = NodeRole.Manager,
        Spec = new NodeSpec { DesiredRole = NodeRole.Manager },
        Status = new NodeStatus { State = state },
        ManagerStatus = new ManagerStatus { RaftAddr = raftAddr, Addr = raftAddr },
    };

    private static async Task<MemoryStore> StoreWithAsync(params Node[] nodes)
    {
        var store = new MemoryStore();
        await store.UpdateAsync(tx =>
        {
            foreach (var node in nodes)
                tx.Nodes.Create(node);
        });
        return store;
    }

    private static RunningLoop Start(MemoryStore store, IManagerMembership membership)
        => new(new RoleManagerLoop(store, membership, TimeProvider.System, NullLogger<RoleManagerLoop>.Instance).RunAsync);

    private static Task SetDesiredRoleAsync(MemoryStore store, string id, NodeRole role)
        => store.UpdateAsync(tx =>
        {
            var node = tx.Nodes.Get(id)!;
            tx.Nodes.Update(node with { Spec = node.Spec with { DesiredRole = role } });
        });

    private static Node Get(MemoryStore store, string id) => store.Snapshot().Nodes.Get(id)!;

    [Fact]
    public async Task Promote_RecordsTheManagerRole()
    {
        var store = await StoreWithAsync(Manager("m1", "10.0.0.1:2378"), new Node { Id = "w1", Status = new NodeStatus { State = NodeState.Ready } });
        var membership = new RecordingMembership("10.0.0.1:2378", "10.0.0.1:2378");
        await using var loop = Start(store, membership);

        await SetDesiredRoleAsync(store, "w1", NodeRole.Manager);

        await Eventually.TrueAsync(() => Get(store, "w1").Role == NodeRole.Manager, Timeout, "w1 a manager");
    }

    [Fact]
    public async Task Demote_RemovesTheRaftMemberThenRecordsTheWorkerRole()
    {
        var store = await StoreWithAsync(Manager("m1", "a:1"), Manager("m2", "b:1"), Manager("m3", "c:1"));
        var membership = new RecordingMembership("a:1", "a:1", "b:1", "c:1");
        await using var loop = Start(store, membership);

        await SetDesiredRoleAsync(store, "m3", NodeRole.Worker);

        await Eventually.TrueAsync(() => Get(store, "m3").Role == NodeRole.Worker, Timeout, "m3 a worker");
        Assert.Equal(["a:1", "b:1"], membership.Members);
        Assert.Null(Get(store, "m3").ManagerStatus);
    }

    [Fact]
    public async Task Demote_ThatWouldLoseQuorum_WaitsUntilTheOtherManagerIsBack()
    {
        // Three managers, one down: removing a healthy one leaves 1 of 2 reachable, which is no quorum.
        var store = await StoreWithAsync(Manager("m1", "a:1"), Manager("m2", "b:1"), Manager("m3", "c:1", NodeState.Down));
        var membership = new RecordingMembership("a:1", "a:1", "b:1", "c:1");
        await using var loop = Start(store, membership);

        await SetDesiredRoleAsync(store, "m2", NodeRole.Worker);
        await Task.Delay(500);
        Assert.Equal(NodeRole.Manager, Get(store, "m2").Role);
        Assert.Equal(3, membership.Members.Count);

        await store.UpdateAsync(tx => tx.Nodes.Update(Get(store, "m3") with { Status = new NodeStatus { State = NodeState.Ready } }));

        await Eventually.TrueAsync(() => Get(store, "m2").Role == NodeRole.Worker, Timeout, "m2 a worker");
        Assert.Equal(["a:1", "c:1"], membership.Members);
    }

    [Fact]
    public async Task Demote_OfTheLeaderItself_StepsDownInsteadOfRemovingItself()
    {
        var store = await StoreWithAsync(Manager("m1", "a:1"), Manager("m2", "b:1"), Manager("m3", "c:1"));
        var membership = new RecordingMembership("a:1", "a:1", "b:1", "c:1");
        await using var loop = Start(store, membership);

        await SetDesiredRoleAsync(store, "m1", NodeRole.Worker);

        await Eventually.TrueAsync(() => Volatile.Read(ref membership.Resignations) > 0, Timeout, "the leader resigned");
        Assert.Equal(3, membership.Members.Count);
        Assert.Equal(NodeRole.Manager, Get(store, "m1").Role);
    }

    [Theory]
    [InlineData(3, 3, true, true)]   // 2 of 2 left
    [InlineData(3, 2, true, false)]  // 1 of 2 left
    [InlineData(3, 2, false, true)]  // removing the unreachable one: 2 of 2 left
    [InlineData(5, 4, true, true)]   // 3 of 4 left
    [InlineData(5, 3, true, false)]  // 2 of 4 left
    [InlineData(2, 2, true, true)]   // 1 of 1 left
    [InlineData(1, 1, true, false)]  // the last manager
    public void Quorum_SurvivesRemoval(int members, int reachable, bool removedIsReachable, bool survives)
        => Assert.Equal(survives, Quorum.SurvivesRemoval(members, reachable, removedIsReachable));
}
