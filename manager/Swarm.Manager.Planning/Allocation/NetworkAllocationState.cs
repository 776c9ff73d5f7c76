using Swarm.Api.Errors;
using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Allocation;

/// <summary>
/// What the allocator has handed out: subnets, VNIs, addresses, VIPs and ingress ports. It holds nothing the store
/// does not: <see cref="Rebuild"/> recreates it from stored objects, so a new leader allocates exactly as the old
/// one would have. Methods return the object with its allocation filled in; the caller writes it to the store.
/// Every method is all or nothing: when it throws, the state is as before.
/// </summary>
public sealed partial class NetworkAllocationState
{
    /// <summary>Where the VNI lives in Network.DriverState.Options, as libnetwork's overlay driver names it.</summary>
    public const string VniOption = "com.docker.network.driver.overlay.vxlanid_list";

    private readonly SubnetPool subnets;
    private readonly VniPool vnis = new();
    private readonly PortAllocator ports = new();
    private readonly Dictionary<string, AllocatedNetwork> networks = [];
    private string? ingressId;

    public NetworkAllocationState(IEnumerable<string> defaultAddressPool, int subnetSize)
        => subnets = new SubnetPool(defaultAddressPool, subnetSize);

    public bool IsAllocated(string networkId) => networks.ContainsKey(networkId);

    public string? IngressNetworkId => ingressId;

    public Network AllocateNetwork(Network network)
    {
        if (networks.TryGetValue(network.Id, out var existing))
            return existing.Network;
        if (network.Spec.Ingress && ingressId is not null)
            throw new InvalidSpecException($"an ingress network already exists ({ingressId})");

        var vni = TakeVni(network.Spec);
        var taken = new List<Ipv4Subnet>();
        try
        {
            var pools = network.Spec.IpamConfigs.Count == 0
                ? [Pool(subnets.Allocate(), null, taken)]
                : network.Spec.IpamConfigs.Select(c => UserPool(c, taken)).ToList();
            var allocated = network with
            {
                DriverState = new DriverState
                {
                    Name = network.Spec.Driver,
                    Options = new Dictionary<string, string>(network.Spec.DriverOptions) { [VniOption] = vni.ToString() },
                },
                Ipam = new IpamState { Configs = pools.Select(p => p.Config).ToList() },
            };
            Track(new AllocatedNetwork(allocated, vni, pools));
            return allocated;
        }
        catch
        {
            vnis.Release(vni);
            taken.ForEach(s => subnets.Release(s));
            throw;
        }
    }

    public void ReleaseNetwork(string networkId)
    {
        if (!networks.Remove(networkId, out var network))
            return;
        vnis.Release(network.Vni);
        foreach (var pool in network.Pools)
            subnets.Release(pool.Subnet);
        if (ingressId == networkId)
            ingressId = null;
    }

    private uint TakeVni(NetworkSpec spec)
    {
        if (!spec.DriverOptions.TryGetValue(VniOption, out var asked))
            return vnis.Allocate();
        if (!uint.TryParse(asked, out var vni))
            throw new InvalidSpecException($"invalid VXLAN id {asked}");
        vnis.Reserve(vni);
        return vni;
    }

    private AddressPool UserPool(IpamConfig config, List<Ipv4Subnet> taken)
    {
        if (string.IsNullOrEmpty(config.Subnet))
            return Pool(subnets.Allocate(), null, taken);
        var subnet = Ipv4Subnet.Parse(config.Subnet);
        subnets.Reserve(subnet);
        return Pool(subnet, config, taken);
    }

    private static AddressPool Pool(Ipv4Subnet subnet, IpamConfig? config, List<Ipv4Subnet> taken)
    {
        taken.Add(subnet);
        return new AddressPool(subnet, config?.Gateway, config?.IpRange);
    }

    private void Track(AllocatedNetwork network)
    {
        networks[network.Network.Id] = network;
        if (network.Network.Spec.Ingress)
            ingressId = network.Network.Id;
    }

    private AllocatedNetwork Resolve(string target)
        => networks.TryGetValue(target, out var byId)
            ? byId
            : networks.Values.FirstOrDefault(n => n.Network.Spec.Name == target)
              ?? throw NotFoundException.For("network", target);
}
