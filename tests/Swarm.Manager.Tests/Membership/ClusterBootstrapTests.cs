using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.Allocation;
using Swarm.Manager.Membership;
using Swarm.Manager.Tests.Scheduling;
using Swarm.Store;
using Swarm.Testing;

namespace Swarm.Manager.Tests.Membership;

public sealed class ClusterBootstrapTests
{
    private static Cluster NewCluster() => new() { Id = Ids.New() };

    private static Node FirstNode() => new() { Id = Ids.New(), Status = new NodeStatus { State = NodeState.Ready } };

    [Fact]
    public async Task Initialize_CreatesTheClusterTheManagerAndAnIngressNetworkTheAllocatorAllocates()
    {
        var store = new MemoryStore();
        var node = FirstNode();
        await ClusterBootstrap.InitializeAsync(store, NewCluster(), node, CancellationToken.None);
        await using var loop = new RunningLoops().Start(
            new AllocatorLoop(store, TimeProvider.System, NullLogger<AllocatorLoop>.Instance).RunAsync);

        var ingress = store.Snapshot().Networks.All().Single();
        Assert.Equal("ingress", ingress.Spec.Name);
        Assert.True(ingress.Spec.Ingress);
        Assert.Equal(NodeRole.Manager, store.Snapshot().Nodes.Get(node.Id)!.Role);
        await Eventually.TrueAsync(() => store.Snapshot().Networks.Get(ingress.Id)!.Ipam is not null, TimeSpan.FromSeconds(10), "ingress allocated");
        Assert.Equal("10.0.0.0/24", store.Snapshot().Networks.Get(ingress.Id)!.Ipam!.Configs.Single().Subnet);
    }

    [Fact]
    public async Task Initialize_Twice_IsRefusedAndChangesNothing()
    {
        var store = new MemoryStore();
        await ClusterBootstrap.InitializeAsync(store, NewCluster(), FirstNode(), CancellationToken.None);
        var version = store.Version;

        await Assert.ThrowsAsync<InvalidSpecException>(
            () => ClusterBootstrap.InitializeAsync(store, NewCluster(), FirstNode(), CancellationToken.None));

        Assert.Equal(version, store.Version);
        Assert.Single(store.Snapshot().Clusters.All());
        Assert.Single(store.Snapshot().Networks.All());
    }
}
