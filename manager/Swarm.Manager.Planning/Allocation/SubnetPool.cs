using Swarm.Api.Errors;

namespace Swarm.Manager.Planning.Allocation;

/// <summary>
/// Swarm-wide subnets: carves /<c>subnetSize</c> blocks from the default address pools, lowest first, skipping any
/// block that overlaps one in use, and accepts a user subnet only if it overlaps nothing in use.
/// </summary>
public sealed class SubnetPool
{
    private readonly Ipv4Subnet[] pools;
    private readonly int subnetSize;
    private readonly List<Ipv4Subnet> used = [];

    public SubnetPool(IEnumerable<string> defaultPools, int subnetSize)
    {
        pools = defaultPools.Select(Ipv4Subnet.Parse).ToArray();
        if (pools.Length == 0)
            throw new InvalidSpecException("at least one default address pool is required");
        if (subnetSize is < 1 or > 30)
            throw new InvalidSpecException($"invalid subnet size {subnetSize}: must be between 1 and 30");
        var tooSmall = pools.FirstOrDefault(p => p.PrefixLength > subnetSize);
        if (tooSmall != default)
            throw new InvalidSpecException($"default address pool {tooSmall} is smaller than the subnet size /{subnetSize}");
        this.subnetSize = subnetSize;
    }

    public IReadOnlyList<Ipv4Subnet> Used => used;

    public Ipv4Subnet Allocate()
    {
        var step = 1UL << (32 - subnetSize);
        foreach (var pool in pools)
        {
            ulong candidate = pool.Network;
            while (candidate + step - 1 <= pool.Last)
            {
                var subnet = new Ipv4Subnet((uint)candidate, subnetSize);
                var clash = FindOverlap(subnet);
                if (clash is null)
                {
                    used.Add(subnet);
                    return subnet;
                }
                // Jump past the block in the way, to the next aligned candidate.
                candidate = ((ulong)clash.Value.Last + step) / step * step;
            }
        }
        throw new AllocationExhaustedException(
            $"could not find an available /{subnetSize} subnet in the default address pools ({string.Join(", ", pools)})");
    }

    /// <summary>A user-given subnet; rejected if it overlaps a subnet already in use.</summary>
    public void Reserve(Ipv4Subnet subnet)
    {
        if (!TryReserve(subnet, out var clash))
            throw new InvalidSpecException($"invalid pool request: subnet {subnet} overlaps with subnet {clash} already in use");
    }

    public bool TryReserve(Ipv4Subnet subnet, out Ipv4Subnet clash)
    {
        var overlap = FindOverlap(subnet);
        clash = overlap ?? default;
        if (overlap is not null)
            return false;
        used.Add(subnet);
        return true;
    }

    public bool Release(Ipv4Subnet subnet) => used.Remove(subnet);

    private Ipv4Subnet? FindOverlap(Ipv4Subnet subnet)
    {
        foreach (var other in used)
        {
            if (other.Overlaps(subnet))
                return other;
        }
        return null;
    }
}
