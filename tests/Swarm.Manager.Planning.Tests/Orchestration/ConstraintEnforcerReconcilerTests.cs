using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using static Swarm.Manager.Planning.Tests.Orchestration.OrchestrationFixtures;

namespace Swarm.Manager.Planning.Tests.Orchestration;

public class ConstraintEnforcerReconcilerTests
{
    [Fact]
    public void Reconcile_NodeStopsMatching_RejectsLiveTasks()
    {
        SwarmTask[] tasks =
        [
            Task("live", node: "n1"),
            Task("done", node: "n1", state: TaskState.Complete),
            Task("stopping", node: "n1", desired: TaskState.Shutdown),
            Task("elsewhere", node: "n2"),
        ];

        var plan = ConstraintEnforcerReconciler.Reconcile(Node("n1", matches: false), tasks, [Replicated(1)], Matches);

        var reject = Assert.IsType<RejectTask>(Assert.Single(plan.Decisions));
        Assert.Equal(("live", ConstraintEnforcerReconciler.Message), (reject.TaskId, reject.Message));
    }

    [Fact]
    public void Reconcile_MatchingOrInactiveNode_NoDecision()
    {
        SwarmTask[] tasks = [Task("live", node: "n1")];

        Assert.Empty(ConstraintEnforcerReconciler.Reconcile(Node("n1"), tasks, [Replicated(1)], Matches).Decisions);
        var paused = Node("n1", availability: NodeAvailability.Pause, matches: false);
        Assert.Empty(ConstraintEnforcerReconciler.Reconcile(paused, tasks, [Replicated(1)], Matches).Decisions);
    }

    [Fact]
    public void Reconcile_ReservationsExceedNode_RejectsTasksThatNoLongerFit()
    {
        var node = Node("n1") with
        {
            Description = new NodeDescription { Resources = new Resources { MemoryBytes = 100, NanoCpus = 1_000 } },
        };
        var reserve = new TaskSpec { Resources = new ResourceRequirements { Reservations = new Resources { MemoryBytes = 60 } } };
        SwarmTask[] tasks = [Task("a", node: "n1") with { Spec = reserve }, Task("b", node: "n1") with { Spec = reserve }];

        var plan = ConstraintEnforcerReconciler.Reconcile(node, tasks, [Replicated(2)], Matches);

        Assert.Equal(["b"], plan.Ids<RejectTask>(r => r.TaskId));
    }
}
