using System.Net;
using Swarm.Api.Dispatch;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.ControlApi.Endpoints;
using Swarm.Manager.Planning.Allocation;
using Swarm.Store;
using E = Swarm.Api.EngineApi;

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

    /// <summary>
    /// The cluster object `swarm init` asks for: its spec (validated as `swarm update` does), address pool, subnet
    /// size, data path port, root CA and fresh join tokens for it. Bad values fail with <see cref="InvalidSpecException"/>.
    /// </summary>
    public static Cluster NewCluster(E.SwarmInitRequest request, string clusterId, string rootCaPem, string caDigest)
    {
        var pools = request.DefaultAddrPool is { Count: > 0 } requested ? requested : ["10.0.0.0/8"];
        foreach (var pool in pools)
        {
            if (!IPNetwork.TryParse(pool, out var network) || network.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
                throw new InvalidSpecException($"invalid default address pool {pool}: an IPv4 CIDR is required");
        }
        var subnetSize = request.SubnetSize == 0 ? 24 : (int)request.SubnetSize;
        if (subnetSize is < 1 or > 29)
            throw new InvalidSpecException($"invalid subnet size {subnetSize}: between 1 and 29");
        var dataPathPort = request.DataPathPort == 0 ? 4789 : (int)request.DataPathPort;
        if (dataPathPort is < 1024 or > 49151)
            throw new InvalidSpecException($"data path port {dataPathPort} must be within range 1024-49151");
        return new Cluster
        {
            Id = clusterId,
            Spec = WithDefaults(request.Spec is { } spec ? SwarmEndpoints.ReadSpec(spec, new ClusterSpec()) : new ClusterSpec()),
            JoinTokens = new JoinTokens { Worker = JoinToken.New(caDigest), Manager = JoinToken.New(caDigest) },
            RootCaCertificate = rootCaPem,
            DefaultAddressPool = pools,
            SubnetSize = subnetSize,
            DataPathPort = dataPathPort,
        };
    }

    /// <summary>Zeros the docker CLI sends for settings it was not given mean Swarm's defaults, as Docker reads them at init.</summary>
    private static ClusterSpec WithDefaults(ClusterSpec spec)
    {
        var defaults = new ClusterSpec();
        return spec with
        {
            Raft = spec.Raft with
            {
                SnapshotInterval = spec.Raft.SnapshotInterval == 0 ? defaults.Raft.SnapshotInterval : spec.Raft.SnapshotInterval,
                LogEntriesForSlowFollowers = spec.Raft.LogEntriesForSlowFollowers == 0 ? defaults.Raft.LogEntriesForSlowFollowers : spec.Raft.LogEntriesForSlowFollowers,
                ElectionTick = spec.Raft.ElectionTick == 0 ? defaults.Raft.ElectionTick : spec.Raft.ElectionTick,
                HeartbeatTick = spec.Raft.HeartbeatTick == 0 ? defaults.Raft.HeartbeatTick : spec.Raft.HeartbeatTick,
            },
        };
    }
}
