using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Allocation;

public sealed partial class NetworkAllocationState
{
    /// <summary>
    /// The state a leader starts from: everything stored networks, services and live tasks already hold. Objects
    /// not yet allocated are left for the allocator to pick up; tasks past Running hold nothing. Clashes between
    /// stored objects (which a correct allocator never writes) keep the first holder.
    /// </summary>
    public static NetworkAllocationState Rebuild(
        IEnumerable<Network> networks, IEnumerable<Service> services, IEnumerable<SwarmTask> tasks, Cluster? cluster = null)
    {
        cluster ??= new Cluster();
        var state = new NetworkAllocationState(cluster.DefaultAddressPool, cluster.SubnetSize);
        foreach (var network in networks.Where(n => n.Ipam is not null))
            state.RestoreNetwork(network);
        foreach (var service in services.Where(s => s.Endpoint is not null))
            state.RestoreService(service);
        foreach (var task in tasks.Where(t => t.Status.State <= TaskState.Running))
            state.RestoreAddresses(task.Networks.SelectMany(a => a.Addresses.Select(addr => (a.NetworkId, addr))));
        return state;
    }

    private void RestoreNetwork(Network network)
    {
        var pools = new List<AddressPool>();
        foreach (var config in network.Ipam!.Configs)
        {
            var subnet = Ipv4Subnet.Parse(config.Subnet);
            if (subnets.TryReserve(subnet, out _))
                pools.Add(new AddressPool(subnet, config.Gateway, config.IpRange));
        }
        uint vni = 0;
        if (network.DriverState?.Options.TryGetValue(VniOption, out var text) == true && uint.TryParse(text, out vni))
            vnis.TryReserve(vni);
        Track(new AllocatedNetwork(network, vni, pools));
    }

    private void RestoreService(Service service)
    {
        var endpoint = service.Endpoint!;
        ports.Restore(service.Id, service.Spec.Name, endpoint.Ports);
        RestoreAddresses(endpoint.VirtualIps.Select(v => (v.NetworkId, v.Addr)));
    }

    private void RestoreAddresses(IEnumerable<(string NetworkId, string Addr)> addresses)
    {
        foreach (var (networkId, addr) in addresses)
        {
            if (networks.TryGetValue(networkId, out var network))
                network.TryReserve(addr);
        }
    }
}
