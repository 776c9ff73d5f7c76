using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Allocation;

/// <summary>A network the allocator has given a VNI and subnets to, with the address pools of those subnets.</summary>
internal sealed record AllocatedNetwork(Network Network, uint Vni, IReadOnlyList<AddressPool> Pools)
{
    /// <summary>From the first pool with room, as libnetwork tries a network's pools in order.</summary>
    public string AllocateAddress()
    {
        foreach (var pool in Pools)
        {
            if (pool.TryAllocate(out var cidr))
                return cidr;
        }
        throw new AllocationExhaustedException(
            $"no available IPv4 addresses on network {Network.Spec.Name} ({string.Join(", ", Pools.Select(p => p.Subnet))})");
    }

    public bool TryReserve(string address) => Pools.Any(p => p.Contains(address) && p.TryReserve(address));

    public void Release(string address)
    {
        foreach (var pool in Pools.Where(p => p.Contains(address)))
            pool.Release(address);
    }
}
