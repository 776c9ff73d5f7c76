using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using static Swarm.Manager.Planning.Tests.Scheduling.TestCluster;

namespace Swarm.Manager.Planning.Tests.Scheduling;

public sealed class MaxReplicasFilterTests
{
    [Fact]
    public void SetTask_NoLimit_Disabled()
    {
        Assert.False(new MaxReplicasFilter().SetTask(Task("t1")));
    }

    [Fact]
    public void Check_BelowLimit_AcceptsAndAtLimit_Rejects()
    {
        var filter = new MaxReplicasFilter();
        Assert.True(filter.SetTask(Task("t1", maxReplicas: 2)));
        var running = (string id) => Task(id, node: "n1", state: TaskState.Running);

        Assert.True(filter.Check(Info(Node("n1"), running("a"))));
        Assert.False(filter.Check(Info(Node("n1"), running("a"), running("b"))));
    }

    [Fact]
    public void Check_OtherServicesTasks_DoNotCount()
    {
        var filter = new MaxReplicasFilter();
        filter.SetTask(Task("t1", maxReplicas: 1));

        Assert.True(filter.Check(Info(Node("n1"), Task("x", service: "other", node: "n1", state: TaskState.Running))));
    }

    [Fact]
    public void Explain_AnyCount_SwarmKitWording()
    {
        Assert.Equal("max replicas per node limit exceed", new MaxReplicasFilter().Explain(3));
    }
}
