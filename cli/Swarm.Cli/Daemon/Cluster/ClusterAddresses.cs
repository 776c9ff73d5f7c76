using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Swarm.Api.Errors;

namespace Swarm.Cli.Daemon.Cluster;

/// <summary>
/// `--listen-addr` and `--advertise-addr` as Docker reads them: an IP, an interface name, either with a port, or
/// only ":port". The cluster port defaults to 2377; with no advertise address the listen IP is used, or the one
/// address this machine has.
/// </summary>
internal static class ClusterAddresses
{
    public const int DefaultPort = 2377;

    /// <summary>Returns ip:port to listen on and the IP to advertise.</summary>
    public static (string Listen, string Advertise) Resolve(string? listenAddr, string? advertiseAddr)
    {
        var (listenIp, port) = Parse(string.IsNullOrEmpty(listenAddr) ? "0.0.0.0:2377" : listenAddr, "listen");
        listenIp ??= IPAddress.Any;
        IPAddress advertise;
        if (!string.IsNullOrEmpty(advertiseAddr))
            advertise = Parse(advertiseAddr, "advertise").Ip ?? throw new InvalidSpecException($"advertise address must be a non-zero IP address or network interface (with optional port number), not \"{advertiseAddr}\"");
        else if (!listenIp.Equals(IPAddress.Any))
            advertise = listenIp;
        else
            advertise = DetectAddress();
        if (advertise.Equals(IPAddress.Any))
            throw new InvalidSpecException("advertise address must be a non-zero IP address or network interface (with optional port number)");
        return (new IPEndPoint(listenIp, port).ToString(), advertise.ToString());
    }

    /// <summary>
    /// `swarm join`: as <see cref="Resolve"/>, except that with no address given the node advertises the address it
    /// reaches the manager from (a VM with a NAT and a private interface then picks the private one by itself).
    /// </summary>
    public static (string Listen, string Advertise) ResolveForJoin(string? listenAddr, string? advertiseAddr, string remote)
    {
        var listensEverywhere = string.IsNullOrEmpty(listenAddr) || Parse(listenAddr, "listen").Ip is not { } ip || ip.Equals(IPAddress.Any);
        if (string.IsNullOrEmpty(advertiseAddr) && listensEverywhere && RouteSource(remote) is { } source)
            advertiseAddr = source.ToString();
        return Resolve(listenAddr, advertiseAddr);
    }

    /// <summary>The local address the kernel would send from to reach <paramref name="remote"/> (host:port); nothing is sent.</summary>
    private static IPAddress? RouteSource(string remote)
    {
        var cut = remote.LastIndexOf(':');
        if (!IPAddress.TryParse(cut < 0 ? remote : remote[..cut], out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
            return null;
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(new IPEndPoint(ip, DefaultPort));
            return (probe.LocalEndPoint as IPEndPoint)?.Address;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static (IPAddress? Ip, int Port) Parse(string value, string what)
    {
        var cut = value.LastIndexOf(':');
        var host = cut < 0 ? value : value[..cut];
        var port = DefaultPort;
        if (cut >= 0 && (!int.TryParse(value[(cut + 1)..], out port) || port is < 1 or > 65535))
            throw new InvalidSpecException($"invalid {what} address \"{value}\": bad port");
        if (host.Length == 0)
            return (null, port);
        if (IPAddress.TryParse(host, out var ip))
        {
            if (ip.AddressFamily != AddressFamily.InterNetwork)
                throw new InvalidSpecException($"invalid {what} address \"{value}\": only IPv4 is supported");
            return (ip, port);
        }
        return (InterfaceAddress(host, what), port);
    }

    private static IPAddress InterfaceAddress(string name, string what)
    {
        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name)
            ?? throw new InvalidSpecException($"invalid {what} address \"{name}\": neither an IP address nor a network interface");
        var addresses = IPv4(nic).ToList();
        return addresses.Count switch
        {
            1 => addresses[0],
            0 => throw new InvalidSpecException($"interface {name} has no usable IPv4 address"),
            _ => throw new InvalidSpecException($"interface {name} has more than one IPv4 address ({string.Join(" and ", addresses)})"),
        };
    }

    /// <summary>The one IPv4 address of the machine's non-loopback interfaces, as Docker picks it.</summary>
    private static IPAddress DetectAddress()
    {
        var found = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => IPv4(n).Select(ip => (Ip: ip, n.Name)))
            .ToList();
        return found.Count switch
        {
            1 => found[0].Ip,
            0 => throw new InvalidSpecException("could not find the system's IP address - specify one with --advertise-addr"),
            _ => throw new InvalidSpecException(
                $"could not choose an IP address to advertise since this system has multiple addresses on different interfaces ({found[0].Ip} on {found[0].Name} and {found[1].Ip} on {found[1].Name}) - specify one with --advertise-addr"),
        };
    }

    private static IEnumerable<IPAddress> IPv4(NetworkInterface nic) => nic.GetIPProperties().UnicastAddresses
        .Select(a => a.Address)
        .Where(a => a.AddressFamily == AddressFamily.InterNetwork);
}
