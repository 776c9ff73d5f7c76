using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Allocation;
using static Swarm.Manager.Planning.Tests.Allocation.AllocationFixtures;

namespace Swarm.Manager.Planning.Tests.Allocation;

public sealed class NetworkAllocationStateRebuildTests
{
    [Fact]
    public void Rebuild_FromStoredObjects_NextAllocationsMatchTheOriginal()
    {
        var original = NewState();
        var ingress = original.AllocateNetwork(IngressNetwork.New("ing"));
        var a = original.AllocateNetwork(Net("a"));
        var user = original.AllocateNetwork(Net("u", subnet: "10.0.2.0/24"));
        var web = original.AllocateService(Svc("web", ["a"], [Ingress(0), Ingress(8080, target: 81)]));
        var t1 = original.AllocateTask(Task("t1", web, TaskState.Running), web);
        var t2 = original.AllocateTask(Task("t2", web, TaskState.Running), web);
        original.ReleaseTask(t1);

        var rebuilt = NetworkAllocationState.Rebuild([ingress, a, user], [web], [t2], new Cluster());

        foreach (var state in new[] { original, rebuilt })
        {
            Assert.Equal("10.0.3.0/24", state.AllocateNetwork(Net("n")).Ipam!.Configs[0].Subnet);
            var api = state.AllocateService(Svc("api", ["a"], [Ingress(0)]));
            Assert.Equal(30001u, api.Endpoint!.Ports[0].PublishedPort);
            Assert.Equal(["10.0.0.3/24", "10.0.1.3/24"], api.Endpoint.VirtualIps.Select(v => v.Addr));
            Assert.Equal("10.0.1.5/24", state.AllocateTask(Task("t3", web), web).Networks[1].Addresses[0]);
            Assert.Throws<InvalidSpecException>(() => state.AllocateService(Svc("x", ports: [Ingress(8080)])));
        }
    }

    [Fact]
    public void Rebuild_ServiceUpdate_KeepsDynamicPort()
    {
        var original = NewState();
        var ingress = original.AllocateNetwork(IngressNetwork.New("ing"));
        original.AllocateService(Svc("first", ports: [Ingress(0)]));
        var web = original.AllocateService(Svc("web", ports: [Ingress(0)]));

        var rebuilt = NetworkAllocationState.Rebuild([ingress], [web], []);
        var updated = rebuilt.AllocateService(web with { Spec = web.Spec with { Labels = new Dictionary<string, string> { ["v"] = "2" } } });

        Assert.Equal(30001u, updated.Endpoint!.Ports[0].PublishedPort);
        Assert.Equal(web.Endpoint!.VirtualIps, updated.Endpoint.VirtualIps);
    }

    [Fact]
    public void Rebuild_DeadTaskAddresses_NotHeld()
    {
        var original = NewState();
        var net = original.AllocateNetwork(Net("a"));
        var svc = Svc("s", ["a"]);
        var dead = original.AllocateTask(Task("t1", svc, TaskState.Failed));

        var rebuilt = NetworkAllocationState.Rebuild([net], [], [dead]);

        Assert.Equal(dead.Networks[0].Addresses, rebuilt.AllocateTask(Task("t2", svc)).Networks[0].Addresses);
    }

    [Fact]
    public void Rebuild_UnallocatedNetwork_LeftForAllocator()
    {
        var rebuilt = NetworkAllocationState.Rebuild([Net("a")], [], []);

        Assert.False(rebuilt.IsAllocated("a"));
        Assert.Equal("10.0.0.0/24", rebuilt.AllocateNetwork(Net("a")).Ipam!.Configs[0].Subnet);
    }

    [Fact]
    public void Rebuild_ClusterPool_UsedForNewSubnets()
    {
        var cluster = new Cluster { DefaultAddressPool = ["172.30.0.0/16"], SubnetSize = 26 };

        var state = NetworkAllocationState.Rebuild([], [], [], cluster);

        Assert.Equal("172.30.0.0/26", state.AllocateNetwork(Net("a")).Ipam!.Configs[0].Subnet);
        Assert.Equal("172.30.0.64/26", state.AllocateNetwork(Net("b")).Ipam!.Configs[0].Subnet);
    }
}
