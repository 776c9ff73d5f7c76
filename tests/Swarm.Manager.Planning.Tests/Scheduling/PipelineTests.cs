using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using static Swarm.Manager.Planning.Tests.Scheduling.TestCluster;

namespace Swarm.Manager.Planning.Tests.Scheduling;

public sealed class PipelineTests
{
    [Fact]
    public void Process_FirstFailingFilterCounts_InSwarmKitOrder()
    {
        var pipeline = new Pipeline();
        // Down and lacking memory: only the readiness rejection counts, since it comes first.
        var set = Set([Node("n1", state: NodeState.Down, memory: GiB), Node("n2", memory: GiB), Node("n3", memory: 8 * GiB)]);
        pipeline.SetTask(Task("t1", memory: 2 * GiB));

        var accepted = set.Nodes.Where(pipeline.Process).Select(n => n.Id).ToArray();

        Assert.Equal(["n3"], accepted);
        Assert.Equal("1 node not available for new tasks; insufficient resources on 1 node", pipeline.Explain());
    }

    [Fact]
    public void Explain_MostRejectionsFirst_JoinedWithSemicolons()
    {
        var pipeline = new Pipeline();
        var set = Set([
            Node("n1", state: NodeState.Down),
            Node("n2", role: NodeRole.Manager),
            Node("n3", role: NodeRole.Manager),
            Node("n4", memory: GiB),
        ]);
        pipeline.SetTask(Task("t1", memory: 2 * GiB, constraints: ["node.role==worker"]));

        foreach (var node in set.Nodes)
            Assert.False(pipeline.Process(node));

        Assert.Equal(
            "scheduling constraints not satisfied on 2 nodes; 1 node not available for new tasks; insufficient resources on 1 node",
            pipeline.Explain());
        Assert.Equal(
            "no suitable node (scheduling constraints not satisfied on 2 nodes; 1 node not available for new tasks; " +
            "insufficient resources on 1 node)",
            pipeline.ExplainNoSuitableNode());
    }

    [Fact]
    public void ExplainNoSuitableNode_NoNodes_BareMessage()
    {
        var pipeline = new Pipeline();
        pipeline.SetTask(Task("t1"));

        Assert.Equal("", pipeline.Explain());
        Assert.Equal("no suitable node", pipeline.ExplainNoSuitableNode());
    }

    [Fact]
    public void SetTask_Again_ForgetsEarlierRejections()
    {
        var pipeline = new Pipeline();
        pipeline.SetTask(Task("t1"));
        pipeline.Process(Info(Node("n1", state: NodeState.Down)));

        pipeline.SetTask(Task("t2"));

        Assert.Equal("", pipeline.Explain());
    }

    [Fact]
    public void Process_DisabledFilter_NotConsulted()
    {
        var pipeline = new Pipeline();
        pipeline.SetTask(Task("t1")); // no reservations: a node with no resources still qualifies

        Assert.True(pipeline.Process(Info(Node("n1", memory: 0, nanoCpus: 0))));
    }
}
