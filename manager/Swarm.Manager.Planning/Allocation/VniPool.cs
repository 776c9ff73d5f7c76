using Swarm.Api.Errors;

namespace Swarm.Manager.Planning.Allocation;

/// <summary>VXLAN network identifiers: the lowest free one from 4096 (below is left to local networks) up to 2^24-1.</summary>
public sealed class VniPool
{
    public const uint First = 4096;
    public const uint Last = (1u << 24) - 1;

    private readonly HashSet<uint> used = [];
    // Every VNI below the hint is in use; it only moves back when one is released.
    private uint hint = First;

    public uint Allocate()
    {
        for (var vni = hint; vni <= Last; vni++)
        {
            if (used.Add(vni))
            {
                hint = vni + 1;
                return vni;
            }
        }
        throw new AllocationExhaustedException("no VXLAN network identifiers left");
    }

    /// <summary>A VNI the user asked for or one a stored network already holds.</summary>
    public void Reserve(uint vni)
    {
        if (vni is 0 or > Last)
            throw new InvalidSpecException($"invalid VXLAN id {vni}: must be between 1 and {Last}");
        if (!TryReserve(vni))
            throw new InvalidSpecException($"VXLAN id {vni} is already in use");
    }

    public bool TryReserve(uint vni) => vni is > 0 and <= Last && used.Add(vni);

    public bool Release(uint vni)
    {
        if (!used.Remove(vni))
            return false;
        if (vni >= First && vni < hint)
            hint = vni;
        return true;
    }
}
