using Swarm.Api.Errors;
using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Allocation;

public sealed partial class NetworkAllocationState
{
    /// <summary>
    /// Ingress ports and one VIP per attached network (plus ingress when a port is published through it). VIPs on
    /// networks the service still uses are kept; those on networks it left are freed. DNSRR services get no VIPs.
    /// </summary>
    public Service AllocateService(Service service)
    {
        var spec = service.Spec.EndpointSpec ?? new EndpointSpec();
        var usesIngress = spec.Ports.Any(p => p.PublishMode == PublishMode.Ingress);
        if (usesIngress && spec.Mode == EndpointMode.Dnsrr)
            throw new InvalidSpecException("port published with ingress mode can't be used with dnsrr mode");

        var wanted = spec.Mode == EndpointMode.Vip ? AttachedNetworks(service.Spec.TaskTemplate, usesIngress) : [];
        var old = service.Endpoint?.VirtualIps ?? [];
        var fresh = new List<VirtualIp>();
        var vips = new List<VirtualIp>();
        try
        {
            foreach (var network in wanted)
            {
                var kept = old.FirstOrDefault(v => v.NetworkId == network.Network.Id);
                var vip = kept ?? new VirtualIp { NetworkId = network.Network.Id, Addr = network.AllocateAddress() };
                if (kept is null)
                    fresh.Add(vip);
                vips.Add(vip);
            }
            var published = ports.Allocate(service.Id, service.Spec.Name, spec.Ports);
            foreach (var gone in old.Where(v => !vips.Contains(v)))
                ReleaseAddress(gone.NetworkId, gone.Addr);
            return service with { Endpoint = new ServiceEndpoint { Spec = spec, Ports = published, VirtualIps = vips } };
        }
        catch
        {
            fresh.ForEach(v => ReleaseAddress(v.NetworkId, v.Addr));
            throw;
        }
    }

    public void ReleaseService(Service service)
    {
        ports.Release(service.Id);
        foreach (var vip in service.Endpoint?.VirtualIps ?? [])
            ReleaseAddress(vip.NetworkId, vip.Addr);
    }

    /// <summary>
    /// One address per network the task attaches to, plus ingress when its service publishes through it; an
    /// attachment that already has an address keeps it. The task also gets its service's endpoint.
    /// </summary>
    public SwarmTask AllocateTask(SwarmTask task, Service? service = null)
    {
        var endpoint = service?.Endpoint ?? task.Endpoint;
        var usesIngress = endpoint?.Ports.Any(p => p.PublishMode == PublishMode.Ingress) ?? false;
        var fresh = new List<(string NetworkId, string Addr)>();
        var attachments = new List<NetworkAttachment>();
        try
        {
            foreach (var network in AttachedNetworks(task.Spec, usesIngress))
            {
                var id = network.Network.Id;
                var existing = task.Networks.FirstOrDefault(a => a.NetworkId == id && a.Addresses.Count > 0);
                if (existing is not null)
                {
                    attachments.Add(existing);
                    continue;
                }
                var addr = network.AllocateAddress();
                fresh.Add((id, addr));
                attachments.Add(new NetworkAttachment { NetworkId = id, Addresses = [addr], Aliases = Aliases(task.Spec, network) });
            }
        }
        catch
        {
            fresh.ForEach(f => ReleaseAddress(f.NetworkId, f.Addr));
            throw;
        }
        return task with { Networks = attachments, Endpoint = endpoint };
    }

    public void ReleaseTask(SwarmTask task)
    {
        foreach (var attachment in task.Networks)
        {
            foreach (var addr in attachment.Addresses)
                ReleaseAddress(attachment.NetworkId, addr);
        }
    }

    private List<AllocatedNetwork> AttachedNetworks(TaskSpec spec, bool usesIngress)
    {
        var result = spec.Networks.Select(n => Resolve(n.Target)).DistinctBy(n => n.Network.Id).ToList();
        if (!usesIngress)
            return result;
        if (ingressId is null)
            throw new InvalidSpecException("service needs ingress network, but no ingress network is present");
        if (result.All(n => n.Network.Id != ingressId))
            result.Insert(0, networks[ingressId]);
        return result;
    }

    private static IReadOnlyList<string> Aliases(TaskSpec spec, AllocatedNetwork network)
        => spec.Networks.FirstOrDefault(n => n.Target == network.Network.Id || n.Target == network.Network.Spec.Name)
               ?.Aliases ?? [];

    private void ReleaseAddress(string networkId, string addr)
    {
        if (networks.TryGetValue(networkId, out var network))
            network.Release(addr);
    }
}
