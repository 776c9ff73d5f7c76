using Swarm.Api.Errors;
using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Allocation;

/// <summary>
/// The addresses of one network subnet. The gateway is taken first (the given one, else the lowest usable address
/// of the range); VIPs and task addresses then come from the same pool, lowest free first. The network and
/// broadcast addresses are never handed out.
/// </summary>
public sealed class AddressPool
{
    private readonly HashSet<uint> used = [];
    private readonly uint first;
    private readonly uint last;
    private readonly Ipv4Subnet? range;
    // Every usable address below the hint is in use; it only moves back when one is released.
    private uint hint;

    public AddressPool(Ipv4Subnet subnet, string? gateway = null, string? ipRange = null)
    {
        if (subnet.PrefixLength > 30)
            throw new InvalidSpecException($"subnet {subnet} is too small: at most /30");
        Subnet = subnet;
        if (!string.IsNullOrEmpty(ipRange))
        {
            var parsed = Ipv4Subnet.Parse(ipRange);
            if (parsed.Network < subnet.Network || parsed.Last > subnet.Last)
                throw new InvalidSpecException($"ip range {parsed} is not within subnet {subnet}");
            range = parsed;
        }
        first = Math.Max((range ?? subnet).Network, subnet.Network + 1);
        last = Math.Min((range ?? subnet).Last, subnet.Last - 1);
        if (first > last)
            throw new InvalidSpecException($"ip range {range} has no usable address in subnet {subnet}");
        hint = first;

        if (string.IsNullOrEmpty(gateway))
        {
            Gateway = AllocateAddress();
        }
        else
        {
            Gateway = Ipv4Subnet.ParseAddress(gateway);
            if (!IsUsable(Gateway))
                throw new InvalidSpecException($"gateway {gateway} is not a usable address of subnet {subnet}");
            used.Add(Gateway);
        }
    }

    public Ipv4Subnet Subnet { get; }
    public uint Gateway { get; }

    /// <summary>What goes into Network.Ipam.Configs.</summary>
    public IpamConfig Config => new()
    {
        Subnet = Subnet.ToString(),
        Gateway = Ipv4Subnet.Format(Gateway),
        IpRange = range?.ToString(),
    };

    /// <summary>The lowest free address of the range, in CIDR form (10.0.1.3/24).</summary>
    public string Allocate() => Cidr(AllocateAddress());

    public bool TryAllocate(out string cidr)
    {
        cidr = "";
        if (!HasFree())
            return false;
        cidr = Allocate();
        return true;
    }

    /// <summary>An address a stored task or VIP already holds (plain or CIDR form).</summary>
    public bool TryReserve(string address)
    {
        var ip = Ipv4Subnet.ParseAddress(address);
        return IsUsable(ip) && used.Add(ip);
    }

    public bool Contains(string address) => Subnet.Contains(Ipv4Subnet.ParseAddress(address));

    public bool Release(string address)
    {
        var ip = Ipv4Subnet.ParseAddress(address);
        if (ip == Gateway || !used.Remove(ip))
            return false;
        if (ip >= first && ip < hint)
            hint = ip;
        return true;
    }

    private uint AllocateAddress()
    {
        for (ulong ip = hint; ip <= last; ip++)
        {
            if (used.Add((uint)ip))
            {
                hint = (uint)ip;
                return (uint)ip;
            }
        }
        throw new AllocationExhaustedException($"no available IPv4 addresses in subnet {Subnet}");
    }

    private bool HasFree()
    {
        for (ulong ip = hint; ip <= last; ip++)
        {
            if (!used.Contains((uint)ip))
                return true;
        }
        return false;
    }

    private bool IsUsable(uint ip) => Subnet.Contains(ip) && ip != Subnet.Network && ip != Subnet.Last;

    private string Cidr(uint ip) => $"{Ipv4Subnet.Format(ip)}/{Subnet.PrefixLength}";
}
