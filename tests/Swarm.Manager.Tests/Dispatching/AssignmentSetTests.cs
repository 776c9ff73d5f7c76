using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Manager.Dispatching;
using Swarm.Manager.Security;
using Swarm.Store;
using Action = Swarm.Api.Dispatch.AssignmentChange.Types.Action;
using Kind = Swarm.Api.Dispatch.AssignmentChange.Types.Kind;

namespace Swarm.Manager.Tests.Dispatching;

/// <summary>What one node is sent, computed from a store snapshot.</summary>
public sealed class AssignmentSetTests
{
    private static readonly ISecretProtector Plain = new NoSecretProtection();
    private readonly MemoryStore store = new();

    [Fact]
    public async Task Build_TaskOnNetwork_SendsNetworkAndPeersWithTheirAddresses()
    {
        var network = new Network { Id = "net-1", Spec = new NetworkSpec { Name = "backend" } };
        await store.UpdateAsync(tx =>
        {
            tx.Networks.Create(network);
            tx.Nodes.Create(new Node { Id = "n2", Status = new NodeStatus { State = NodeState.Ready, Addr = "192.0.2.2" } });
            tx.Tasks.Create(Task("t1", "n1", network.Id));
            tx.Tasks.Create(Task("t2", "n2", network.Id));
            tx.Tasks.Create(Task("t3", "n3", "other-net"));
        });

        var changes = AssignmentSet.Build(store.Snapshot(), "n1", Plain).All();

        Assert.Equal([(Kind.Network, "net-1"), (Kind.NetworkPeers, "net-1"), (Kind.Task, "t1")], changes.Select(c => (c.Kind, c.Id)));
        var peers = NetworkPeers.Parser.ParseFrom(changes[1].Payload);
        Assert.Equal([("n2", "192.0.2.2")], peers.Peers.Select(p => (p.NodeId, p.Addr)));
    }

    [Fact]
    public async Task Diff_TaskGone_RemovesItAndTheNetworkItUsedAfterIt()
    {
        await store.UpdateAsync(tx =>
        {
            tx.Networks.Create(new Network { Id = "net-1" });
            tx.Tasks.Create(Task("t1", "n1", "net-1"));
        });
        var sent = AssignmentSet.Build(store.Snapshot(), "n1", Plain);

        await store.UpdateAsync(tx => tx.Tasks.Delete("t1"));
        var changes = AssignmentSet.Build(store.Snapshot(), "n1", Plain, sent).Diff(sent);

        Assert.Equal(
            [(Action.Remove, Kind.Task, "t1"), (Action.Remove, Kind.Network, "net-1"), (Action.Remove, Kind.NetworkPeers, "net-1")],
            changes.Select(c => (c.Action, c.Kind, c.Id)));
    }

    [Fact]
    public async Task Build_PendingTask_NotSentYet()
    {
        await store.UpdateAsync(tx => tx.Tasks.Create(Task("t1", "n1") with { Status = new SwarmTaskStatus { State = TaskState.Pending } }));

        Assert.Equal(0, AssignmentSet.Build(store.Snapshot(), "n1", Plain).Count);
    }

    [Fact]
    public async Task Build_SecretOfTaskDesiredShutdown_NotSent()
    {
        await store.UpdateAsync(tx =>
        {
            tx.Secrets.Create(new Secret { Id = "s1", Spec = new SecretSpec { Name = "s1" } });
            tx.Tasks.Create(Task("t1", "n1") with
            {
                DesiredState = TaskState.Shutdown,
                Spec = new TaskSpec { ContainerSpec = new ContainerSpec { Secrets = [new FileReference { ObjectId = "s1" }] } },
            });
        });

        var changes = AssignmentSet.Build(store.Snapshot(), "n1", Plain).All();

        Assert.Equal([(Kind.Task, "t1")], changes.Select(c => (c.Kind, c.Id)));
    }

    [Fact]
    public async Task Build_SealedSecret_IsSentOpened_ToTheNodeThatNeedsIt()
    {
        var protector = new AesGcmSecretProtector(AesGcmSecretProtector.NewKey());
        var secret = protector.Seal(new Secret { Id = "s1", Spec = new SecretSpec { Name = "db", Data = "hunter2"u8.ToArray() } });
        await store.UpdateAsync(tx =>
        {
            tx.Secrets.Create(secret);
            tx.Tasks.Create(Task("t1", "n1") with
            {
                Spec = new TaskSpec { ContainerSpec = new ContainerSpec { Secrets = [new FileReference { ObjectId = "s1" }] } },
            });
        });

        var sent = AssignmentSet.Build(store.Snapshot(), "n1", protector).All().Single(c => c.Kind == Kind.Secret);
        var received = DispatchPayload.Decode<Secret>(sent.Payload);

        Assert.True(store.Snapshot().Secrets.Get("s1")!.Spec.DataSealed);
        Assert.Equal("hunter2"u8.ToArray(), received.Spec.Data);
        Assert.False(received.Spec.DataSealed);
    }

    private static SwarmTask Task(string id, string node, string? network = null) => new()
    {
        Id = id,
        ServiceId = "svc",
        NodeId = node,
        DesiredState = TaskState.Running,
        Status = new SwarmTaskStatus { State = TaskState.Running },
        Networks = network is null ? [] : [new NetworkAttachment { NetworkId = network, Addresses = ["10.0.1.2/24"] }],
    };
}
