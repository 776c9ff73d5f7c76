using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using static Swarm.Manager.Planning.Tests.Scheduling.TestCluster;

namespace Swarm.Manager.Planning.Tests.Scheduling;

public sealed class NodeRankerTests
{
    private static readonly NodeRanker Ranker = new("svc", 1);

    private static SwarmTask Running(string id, string node, string service = "svc")
        => Task(id, service: service, node: node, state: TaskState.Running);

    private static SwarmTask Failed(string id, string node) => Task(id, node: node, state: TaskState.Failed);

    [Fact]
    public void Compare_FewerTasksOfService_RanksFirst()
    {
        var set = Set([Node("a"), Node("b")],
            Running("1", "a"), Running("2", "a"),
            Running("3", "b"), Running("x", "b", "other"), Running("y", "b", "other"));

        Assert.True(Ranker.Compare(set.Find("b"), set.Find("a")) < 0);
    }

    [Fact]
    public void Compare_SameServiceTasks_FewerTotalRanksFirst()
    {
        var set = Set([Node("a"), Node("b")], Running("1", "a"), Running("x", "a", "other"), Running("2", "b"));

        Assert.True(Ranker.Compare(set.Find("b"), set.Find("a")) < 0);
    }

    [Fact]
    public void Compare_AllEqual_NodeIdBreaksTie()
    {
        var set = Set([Node("b"), Node("a")]);

        Assert.True(Ranker.Compare(set.Find("a"), set.Find("b")) < 0);
        Assert.Equal(0, Ranker.Compare(set.Find("a"), set.Find("a")));
    }

    [Fact]
    public void Compare_FiveRecentFailures_RanksLastDespiteFewerTasks()
    {
        var set = Set([Node("a"), Node("b")],
            Failed("f1", "a"), Failed("f2", "a"), Failed("f3", "a"), Failed("f4", "a"), Failed("f5", "a"),
            Running("1", "b"), Running("2", "b"));

        Assert.True(Ranker.Compare(set.Find("b"), set.Find("a")) < 0);
    }

    [Fact]
    public void Compare_FourRecentFailures_NoPenalty()
    {
        var set = Set([Node("a"), Node("b")],
            Failed("f1", "a"), Failed("f2", "a"), Failed("f3", "a"), Failed("f4", "a"),
            Running("1", "b"));

        Assert.True(Ranker.Compare(set.Find("a"), set.Find("b")) < 0);
    }
}
