using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Allocation;
using static Swarm.Manager.Planning.Tests.Allocation.AllocationFixtures;

namespace Swarm.Manager.Planning.Tests.Allocation;

public sealed class NetworkAllocationStateTests
{
    [Fact]
    public void AllocateNetwork_Ingress_GetsFirstSubnetAndVni4096()
    {
        var state = NewState();

        var ingress = state.AllocateNetwork(IngressNetwork.New("ing"));

        Assert.Equal("10.0.0.0/24", Assert.Single(ingress.Ipam!.Configs).Subnet);
        Assert.Equal("10.0.0.1", ingress.Ipam.Configs[0].Gateway);
        Assert.Equal("4096", ingress.DriverState!.Options[NetworkAllocationState.VniOption]);
        Assert.Equal("ing", state.IngressNetworkId);
    }

    [Fact]
    public void AllocateNetwork_SecondIngress_ThrowsInvalidSpec()
    {
        var state = NewState();
        state.AllocateNetwork(IngressNetwork.New("ing"));

        Assert.Throws<InvalidSpecException>(() => state.AllocateNetwork(IngressNetwork.New("ing2")));
    }

    [Fact]
    public void AllocateNetwork_UserSubnetOverlapping_ThrowsAndKeepsVniFree()
    {
        var state = NewState();
        state.AllocateNetwork(Net("a"));

        Assert.Throws<InvalidSpecException>(() => state.AllocateNetwork(Net("b", subnet: "10.0.0.0/16")));

        var c = state.AllocateNetwork(Net("c", subnet: "172.20.0.0/16", gateway: "172.20.0.254"));
        Assert.Equal("4097", c.DriverState!.Options[NetworkAllocationState.VniOption]);
        Assert.Equal(new IpamConfig { Subnet = "172.20.0.0/16", Gateway = "172.20.0.254" }, c.Ipam!.Configs[0]);
    }

    [Fact]
    public void ReleaseNetwork_FreesSubnetAndVniForReuse()
    {
        var state = NewState();
        state.AllocateNetwork(Net("a"));
        state.AllocateNetwork(Net("b"));

        state.ReleaseNetwork("a");
        var c = state.AllocateNetwork(Net("c"));

        Assert.Equal("10.0.0.0/24", c.Ipam!.Configs[0].Subnet);
        Assert.Equal("4096", c.DriverState!.Options[NetworkAllocationState.VniOption]);
    }

    [Fact]
    public void AllocateService_PublishedPort_GetsIngressVipAndNetworkVip()
    {
        var state = NewState();
        state.AllocateNetwork(IngressNetwork.New("ing"));
        state.AllocateNetwork(Net("front"));

        var web = state.AllocateService(Svc("web", ["front"], [Ingress(0)]));

        Assert.Equal(30000u, Assert.Single(web.Endpoint!.Ports).PublishedPort);
        Assert.Equal(
            [new VirtualIp { NetworkId = "ing", Addr = "10.0.0.2/24" }, new VirtualIp { NetworkId = "front", Addr = "10.0.1.2/24" }],
            web.Endpoint.VirtualIps);
    }

    [Fact]
    public void AllocateService_NetworkByName_Resolved()
    {
        var state = NewState();
        state.AllocateNetwork(Net("front"));

        var web = state.AllocateService(Svc("web", ["front-name"]));

        Assert.Equal("front", Assert.Single(web.Endpoint!.VirtualIps).NetworkId);
    }

    [Fact]
    public void AllocateService_UnknownNetwork_ThrowsNotFound()
        => Assert.Throws<NotFoundException>(() => NewState().AllocateService(Svc("web", ["nope"])));

    [Fact]
    public void AllocateService_DnsrrWithIngressPort_ThrowsInvalidSpec()
    {
        var state = NewState();
        state.AllocateNetwork(IngressNetwork.New("ing"));

        Assert.Throws<InvalidSpecException>(() => state.AllocateService(Svc("web", ports: [Ingress(80)], mode: EndpointMode.Dnsrr)));
    }

    [Fact]
    public void AllocateService_PortConflict_ReleasesVipsItTook()
    {
        var state = NewState();
        state.AllocateNetwork(IngressNetwork.New("ing"));
        state.AllocateService(Svc("web", ports: [Ingress(80)]));

        var error = Assert.Throws<InvalidSpecException>(() => state.AllocateService(Svc("api", ports: [Ingress(80)])));

        Assert.Contains("service 'web-name' (web)", error.Message);
        var next = state.AllocateService(Svc("api", ports: [Ingress(81)]));
        Assert.Equal("10.0.0.3/24", Assert.Single(next.Endpoint!.VirtualIps).Addr);
    }

    [Fact]
    public void AllocateService_Update_KeepsVipOnRemainingNetworkAndFreesLeftOne()
    {
        var state = NewState();
        state.AllocateNetwork(Net("a"));
        state.AllocateNetwork(Net("b"));
        var web = state.AllocateService(Svc("web", ["a", "b"]));

        var updated = state.AllocateService(web with { Spec = Svc("web", ["b"]).Spec });

        Assert.Equal(web.Endpoint!.VirtualIps[1], Assert.Single(updated.Endpoint!.VirtualIps));
        Assert.Equal("10.0.0.2/24", state.AllocateService(Svc("api", ["a"])).Endpoint!.VirtualIps[0].Addr);
    }

    [Fact]
    public void AllocateTask_OneAddressPerNetworkPlusIngress_AfterServiceVip()
    {
        var state = NewState();
        state.AllocateNetwork(IngressNetwork.New("ing"));
        state.AllocateNetwork(Net("front"));
        var web = state.AllocateService(Svc("web", ["front"], [Ingress(8080)]));

        var task = state.AllocateTask(Task("t1", web), web);

        Assert.Equal(["ing", "front"], task.Networks.Select(n => n.NetworkId));
        Assert.Equal(["10.0.0.3/24", "10.0.1.3/24"], task.Networks.Select(n => Assert.Single(n.Addresses)));
        Assert.Equal(web.Endpoint, task.Endpoint);
    }

    [Fact]
    public void AllocateTask_AlreadyAllocated_KeepsAddresses()
    {
        var state = NewState();
        state.AllocateNetwork(Net("front"));
        var web = Svc("web", ["front"]);
        var task = state.AllocateTask(Task("t1", web));

        Assert.Equal(task.Networks, state.AllocateTask(task).Networks);
    }

    [Fact]
    public void ReleaseTask_AddressReusedByNextTask()
    {
        var state = NewState();
        state.AllocateNetwork(Net("front"));
        var web = Svc("web", ["front"]);
        var t1 = state.AllocateTask(Task("t1", web));
        state.AllocateTask(Task("t2", web));

        state.ReleaseTask(t1);

        Assert.Equal(t1.Networks[0].Addresses, state.AllocateTask(Task("t3", web)).Networks[0].Addresses);
    }

    [Fact]
    public void AllocateTask_SubnetFull_ThrowsExhaustedAndKeepsOtherNetworksClean()
    {
        var state = NewState();
        state.AllocateNetwork(Net("big"));
        state.AllocateNetwork(Net("tiny", subnet: "192.168.9.0/30"));
        var svc = Svc("s", ["big", "tiny"]);
        state.AllocateTask(Task("t1", svc));

        var error = Assert.Throws<AllocationExhaustedException>(() => state.AllocateTask(Task("t2", svc)));

        Assert.Contains("tiny-name", error.Message);
        Assert.Equal("10.0.0.3/24", state.AllocateTask(Task("t3", Svc("s2", ["big"]))).Networks[0].Addresses[0]);
    }

    [Fact]
    public void ReleaseService_FreesPortsAndVips()
    {
        var state = NewState();
        state.AllocateNetwork(IngressNetwork.New("ing"));
        var web = state.AllocateService(Svc("web", ports: [Ingress(80)]));

        state.ReleaseService(web);
        var api = state.AllocateService(Svc("api", ports: [Ingress(80)]));

        Assert.Equal(web.Endpoint!.VirtualIps[0].Addr, api.Endpoint!.VirtualIps[0].Addr);
    }
}
