using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Allocation;
using Swarm.Store;

namespace Swarm.Manager.Membership;

/// <summary>
/// The first write of a new swarm (`swarm init`), in one transaction: the cluster object, the first manager's node
/// and the `ingress` network of the routing mesh (the allocator gives it a subnet like any other network).
/// </summary>
public static class ClusterBootstrap
{
    public static Task InitializeAsync(MemoryStore store, Cluster cluster, Node firstManager, CancellationToken cancellationToken)
        => store.UpdateAsync(tx =>
        {
            if (tx.Clusters.All().Any())
                throw new InvalidSpecException("This node is already part of a swarm. Use \"swarm leave\" to leave this swarm and join another one.");
            tx.Clusters.Create(cluster);
            tx.Nodes.Create(firstManager with { Role = NodeRole.Manager, Spec = firstManager.Spec with { DesiredRole = NodeRole.Manager } });
            if (!tx.Networks.All().Any(n => n.Spec.Ingress))
                tx.Networks.Create(IngressNetwork.New(Ids.New()));
        }, cancellationToken);
}
