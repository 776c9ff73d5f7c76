using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using static Swarm.Manager.Planning.Tests.Scheduling.TestCluster;

namespace Swarm.Manager.Planning.Tests.Scheduling;

public sealed class ConstraintFilterTests
{
    [Fact]
    public void SetTask_NoConstraints_Disabled()
    {
        Assert.False(new ConstraintFilter().SetTask(Task("t1")));
    }

    [Fact]
    public void SetTask_UnparsableConstraint_StandsAside()
    {
        Assert.False(new ConstraintFilter().SetTask(Task("t1", constraints: ["not a constraint"])));
    }

    [Fact]
    public void Check_AllConstraintsHold_Accepts()
    {
        var filter = new ConstraintFilter();
        filter.SetTask(Task("t1", constraints: ["node.labels.zone != z9", "node.role == worker"]));

        Assert.True(filter.Check(Info(Node("n1", labels: Labels(("zone", "z1"))))));
        Assert.False(filter.Check(Info(Node("n2", labels: Labels(("zone", "z9"))))));
        Assert.False(filter.Check(Info(Node("n3", role: NodeRole.Manager))));
    }

    [Fact]
    public void Explain_Counts_SingularAndPlural()
    {
        var filter = new ConstraintFilter();

        Assert.Equal("scheduling constraints not satisfied on 1 node", filter.Explain(1));
        Assert.Equal("scheduling constraints not satisfied on 4 nodes", filter.Explain(4));
    }
}
