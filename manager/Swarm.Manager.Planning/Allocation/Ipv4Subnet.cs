using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Swarm.Api.Errors;

namespace Swarm.Manager.Planning.Allocation;

/// <summary>An IPv4 CIDR block as two integers, so carving and overlap checks are arithmetic. IPv6 is not supported.</summary>
public readonly record struct Ipv4Subnet
{
    public Ipv4Subnet(uint network, int prefixLength)
    {
        if (prefixLength is < 0 or > 32)
            throw new ArgumentOutOfRangeException(nameof(prefixLength));
        PrefixLength = prefixLength;
        Network = network & Mask(prefixLength);
    }

    public uint Network { get; }
    public int PrefixLength { get; }
    public uint Last => Network | ~Mask(PrefixLength);
    public ulong Size => 1UL << (32 - PrefixLength);

    public bool Contains(uint address) => address >= Network && address <= Last;

    public bool Overlaps(Ipv4Subnet other) => Network <= other.Last && other.Network <= Last;

    public override string ToString() => $"{Format(Network)}/{PrefixLength}";

    /// <summary>Parses "a.b.c.d/n"; host bits must be zero, as Docker requires.</summary>
    public static Ipv4Subnet Parse(string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length == 2 && IPAddress.TryParse(parts[0], out var ip) && ip.AddressFamily == AddressFamily.InterNetwork
            && int.TryParse(parts[1], out var prefix) && prefix is >= 0 and <= 32)
        {
            var subnet = new Ipv4Subnet(ToUInt(ip), prefix);
            if (subnet.Network == ToUInt(ip))
                return subnet;
            throw new InvalidSpecException($"invalid subnet {cidr}: it should be {subnet}");
        }
        throw new InvalidSpecException($"invalid subnet {cidr}: only IPv4 CIDR blocks are supported");
    }

    public static uint ParseAddress(string address)
    {
        var text = address.Split('/')[0];
        if (!IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
            throw new InvalidSpecException($"invalid IPv4 address {address}");
        return ToUInt(ip);
    }

    public static string Format(uint address)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes).ToString();
    }

    private static uint ToUInt(IPAddress ip)
    {
        Span<byte> bytes = stackalloc byte[4];
        ip.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static uint Mask(int prefixLength) => prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
}
