using Swarm.Api.Errors;
using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Allocation;

/// <summary>
/// Ingress published ports, swarm-wide and per protocol (tcp 80 and udp 80 are different ports). An explicit port
/// must be in 1..65535 and not held by another service; 0 gets the lowest free port of 30000–32767, and keeps the
/// one it had across updates. Host-mode ports pass through unallocated: the scheduler checks them per node.
/// </summary>
public sealed class PortAllocator
{
    public const uint DynamicFirst = 30000;
    public const uint DynamicLast = 32767;
    public const uint MaxPort = 65535;

    private readonly Dictionary<(PortProtocol Protocol, uint Port), Holder> holders = [];
    private readonly Dictionary<string, PortConfig[]> byService = [];

    /// <summary>
    /// The service's ports as published, in spec order, with dynamic ones filled in. All or nothing: on a
    /// conflict nothing changes. Ports the service no longer publishes are freed.
    /// </summary>
    public IReadOnlyList<PortConfig> Allocate(string serviceId, string serviceName, IReadOnlyList<PortConfig> specPorts)
    {
        byService.TryGetValue(serviceId, out var previous);
        var taken = new HashSet<(PortProtocol, uint)>();
        var result = new PortConfig[specPorts.Count];

        for (var i = 0; i < specPorts.Count; i++)
        {
            var port = specPorts[i];
            if (port.PublishedPort > MaxPort)
                throw new InvalidSpecException($"invalid published port {port.PublishedPort}: must be between 1 and {MaxPort}");
            if (port.PublishedPort == 0 && port.PublishMode == PublishMode.Ingress)
                continue;
            var key = (port.Protocol, port.PublishedPort);
            if (port.PublishMode == PublishMode.Ingress && !taken.Add(key))
                throw new InvalidSpecException($"duplicate published port {Describe(key)}");
            if (holders.TryGetValue(key, out var holder) && holder.ServiceId != serviceId)
                throw new InvalidSpecException(
                    $"port '{port.PublishedPort}' is already in use by service '{holder.ServiceName}' ({holder.ServiceId}) as an ingress port");
            result[i] = port;
        }

        for (var i = 0; i < specPorts.Count; i++)
        {
            var port = specPorts[i];
            if (result[i] is not null)
                continue;
            var kept = Previous(previous, port, serviceId, taken);
            var published = kept ?? LowestFree(port.Protocol, serviceId, taken);
            taken.Add((port.Protocol, published));
            result[i] = port with { PublishedPort = published };
        }

        Release(serviceId);
        Hold(serviceId, serviceName, result);
        return result;
    }

    /// <summary>Takes back ports a stored service already holds; a port another service holds is skipped.</summary>
    public void Restore(string serviceId, string serviceName, IReadOnlyList<PortConfig> allocatedPorts)
        => Hold(serviceId, serviceName, allocatedPorts.Where(p => !IsHeldByOther(p, serviceId)).ToArray());

    public void Release(string serviceId)
    {
        if (!byService.Remove(serviceId, out var ports))
            return;
        foreach (var port in ports.Where(p => p.PublishMode == PublishMode.Ingress))
            holders.Remove((port.Protocol, port.PublishedPort));
    }

    public string? HolderOf(PortProtocol protocol, uint port)
        => holders.TryGetValue((protocol, port), out var holder) ? holder.ServiceId : null;

    private void Hold(string serviceId, string serviceName, PortConfig[] ports)
    {
        byService[serviceId] = ports;
        foreach (var port in ports.Where(p => p.PublishMode == PublishMode.Ingress && p.PublishedPort != 0))
            holders[(port.Protocol, port.PublishedPort)] = new Holder(serviceId, serviceName);
    }

    private bool IsHeldByOther(PortConfig port, string serviceId)
        => holders.TryGetValue((port.Protocol, port.PublishedPort), out var holder) && holder.ServiceId != serviceId;

    // A dynamic port keeps what it was given before, matched on protocol, target port and name.
    private uint? Previous(PortConfig[]? previous, PortConfig port, string serviceId, HashSet<(PortProtocol, uint)> taken)
    {
        var match = previous?.FirstOrDefault(p =>
            p.PublishMode == PublishMode.Ingress && p.Protocol == port.Protocol && p.TargetPort == port.TargetPort
            && p.Name == port.Name && p.PublishedPort is >= DynamicFirst and <= DynamicLast
            && !taken.Contains((p.Protocol, p.PublishedPort)));
        return match is not null && !IsHeldByOther(match, serviceId) ? match.PublishedPort : null;
    }

    private uint LowestFree(PortProtocol protocol, string serviceId, HashSet<(PortProtocol, uint)> taken)
    {
        for (var port = DynamicFirst; port <= DynamicLast; port++)
        {
            var key = (protocol, port);
            if (taken.Contains(key))
                continue;
            if (!holders.TryGetValue(key, out var holder) || holder.ServiceId == serviceId)
                return port;
        }
        throw new AllocationExhaustedException(
            $"no free {protocol.ToString().ToLowerInvariant()} port left in the dynamic range {DynamicFirst}-{DynamicLast}");
    }

    private static string Describe((PortProtocol Protocol, uint Port) key)
        => $"{key.Port}/{key.Protocol.ToString().ToLowerInvariant()}";

    private sealed record Holder(string ServiceId, string ServiceName);
}
