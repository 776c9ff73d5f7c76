using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using static Swarm.Manager.Planning.Tests.Scheduling.TestCluster;

namespace Swarm.Manager.Planning.Tests.Scheduling;

public sealed class HostPortFilterTests
{
    [Fact]
    public void SetTask_IngressPortsOnly_Disabled()
    {
        var task = Task("t1") with
        {
            Endpoint = new ServiceEndpoint { Ports = [new PortConfig { TargetPort = 80, PublishedPort = 8080 }] },
        };

        Assert.False(new HostPortFilter().SetTask(task));
    }

    [Fact]
    public void Check_PortFree_AcceptsAndPortTaken_Rejects()
    {
        var filter = new HostPortFilter();
        Assert.True(filter.SetTask(Task("t1", hostPort: 8080)));

        var free = Info(Node("n1"), Task("other", node: "n1", state: TaskState.Running, hostPort: 9090));
        var taken = Info(Node("n2"), Task("old", node: "n2", state: TaskState.Running, hostPort: 8080));

        Assert.True(filter.Check(free));
        Assert.False(filter.Check(taken));
    }

    [Fact]
    public void Check_SamePortOtherProtocol_Accepts()
    {
        var filter = new HostPortFilter();
        filter.SetTask(Task("t1", hostPort: 8080));
        var udp = Task("old", node: "n1", state: TaskState.Running) with
        {
            Endpoint = new ServiceEndpoint
            {
                Ports = [new PortConfig { Protocol = PortProtocol.Udp, PublishedPort = 8080, PublishMode = PublishMode.Host }],
            },
        };

        Assert.True(filter.Check(Info(Node("n1"), udp)));
    }

    [Fact]
    public void Explain_Counts_SingularAndPlural()
    {
        var filter = new HostPortFilter();

        Assert.Equal("host-mode port already in use on 1 node", filter.Explain(1));
        Assert.Equal("host-mode port already in use on 2 nodes", filter.Explain(2));
    }
}
