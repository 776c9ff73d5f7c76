using MessagePack;

namespace Swarm.Api.Objects;

/// <summary>An object kept in the cluster store: an id, the store's bookkeeping, a user spec and a system status.</summary>
[Union(0, typeof(Cluster))]
[Union(1, typeof(Node))]
[Union(2, typeof(Service))]
[Union(3, typeof(SwarmTask))]
[Union(4, typeof(Network))]
[Union(5, typeof(Secret))]
[Union(6, typeof(Config))]
public interface ISwarmObject
{
    string Id { get; }

    Meta Meta { get; }

    /// <summary>The name that must be unique among objects of this kind, or null when the kind has none.</summary>
    string? UniqueName { get; }

    ISwarmObject WithMeta(Meta meta);
}
