using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using static Swarm.Manager.Planning.Tests.Scheduling.TestCluster;

namespace Swarm.Manager.Planning.Tests.Scheduling;

public sealed class ReadyFilterTests
{
    [Theory]
    [InlineData(NodeState.Ready, NodeAvailability.Active, true)]
    [InlineData(NodeState.Down, NodeAvailability.Active, false)]
    [InlineData(NodeState.Unknown, NodeAvailability.Active, false)]
    [InlineData(NodeState.Disconnected, NodeAvailability.Active, false)]
    [InlineData(NodeState.Ready, NodeAvailability.Pause, false)]
    [InlineData(NodeState.Ready, NodeAvailability.Drain, false)]
    public void Check_NodeStateAndAvailability_AcceptsOnlyReadyActive(NodeState state, NodeAvailability availability, bool expected)
    {
        var filter = new ReadyFilter();

        Assert.True(filter.SetTask(Task("t1")));
        Assert.Equal(expected, filter.Check(Info(Node("n1", state: state, availability: availability))));
    }

    [Fact]
    public void Explain_Counts_SingularAndPlural()
    {
        var filter = new ReadyFilter();

        Assert.Equal("1 node not available for new tasks", filter.Explain(1));
        Assert.Equal("3 nodes not available for new tasks", filter.Explain(3));
    }
}
