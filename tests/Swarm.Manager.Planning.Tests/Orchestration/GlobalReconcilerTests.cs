using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using static Swarm.Manager.Planning.Tests.Orchestration.OrchestrationFixtures;

namespace Swarm.Manager.Planning.Tests.Orchestration;

public class GlobalReconcilerTests
{
    [Fact]
    public void Reconcile_NewNodes_OneTaskPerEligibleNode()
    {
        Node[] nodes = [Node("n1"), Node("n2"), Node("n3", state: NodeState.Down), Node("n4", matches: false)];

        var plan = GlobalReconciler.Reconcile(Global(), [Task("a", node: "n1")], nodes, Matches);

        var created = Assert.Single(plan.Of<CreateTask>());
        Assert.Equal(("n2", 0UL), (created.NodeId, created.Slot));
    }

    [Fact]
    public void Reconcile_DrainedOrRemovedNode_ShutsItsTaskDown()
    {
        SwarmTask[] tasks = [Task("a", node: "n1"), Task("b", node: "gone")];

        var plan = GlobalReconciler.Reconcile(Global(), tasks, [Node("n1", availability: NodeAvailability.Drain)]);

        Assert.Equal(["a", "b"], plan.Ids<ShutdownTask>(s => s.TaskId));
        Assert.Empty(plan.Of<CreateTask>());
    }

    [Fact]
    public void Reconcile_PausedNode_KeepsTaskButAddsNone()
    {
        Node[] nodes = [Node("n1", availability: NodeAvailability.Pause), Node("n2", availability: NodeAvailability.Pause)];

        var plan = GlobalReconciler.Reconcile(Global(), [Task("a", node: "n1")], nodes);

        Assert.Empty(plan.Decisions);
    }

    [Fact]
    public void Reconcile_NodeStopsMatching_ShutsTaskDown()
    {
        var plan = GlobalReconciler.Reconcile(Global(), [Task("a", node: "n1")], [Node("n1", matches: false)], Matches);

        Assert.Equal(["a"], plan.Ids<ShutdownTask>(s => s.TaskId));
    }

    [Fact]
    public void Reconcile_OlderSpecOnNode_ReportsDirty()
    {
        var plan = GlobalReconciler.Reconcile(Global(specVersion: 2), [Task("a", node: "n1")], [Node("n1")]);

        Assert.Empty(plan.Decisions);
        Assert.Equal(["n1"], plan.DirtySlots.Select(s => s.NodeId));
    }
}
