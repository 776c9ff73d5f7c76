using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using static Swarm.Manager.Planning.Tests.Orchestration.OrchestrationFixtures;

namespace Swarm.Manager.Planning.Tests.Orchestration;

/// <summary>What the planners decide for tasks on a node the dispatcher marked DOWN, or that left the cluster.</summary>
public class NodeLossReconcileTests
{
    [Fact]
    public void Restart_RunningTaskOnDownNode_ReplacedInSameSlotAfterRestartDelay()
    {
        var now = Clock().GetUtcNow();
        SwarmTask[] tasks = [Task("a", slot: 3, node: "n1"), Task("b", slot: 1, node: "n2")];

        var plan = RestartReconciler.Reconcile(Replicated(2, specVersion: 2), tasks, [Node("n1", state: NodeState.Down), Node("n2")], now);

        var restart = Assert.IsType<RestartTask>(Assert.Single(plan.Decisions));
        Assert.Equal("a", restart.OldTaskId);
        // Unplaced: the scheduler picks a live node.
        Assert.Equal(new CreateTask(ServiceId, 3, "", 2, TaskState.Ready), restart.Replacement);
        // Like SwarmKit, only a drain skips the restart delay; a lost node's tasks wait it out like a failure.
        Assert.Equal(now + TimeSpan.FromSeconds(5), restart.StartAt);
    }

    [Fact]
    public void Restart_TaskOnRemovedNode_Replaced()
    {
        var now = Clock().GetUtcNow();
        SwarmTask[] tasks = [Task("a", slot: 1, node: "gone")];

        var plan = RestartReconciler.Reconcile(Replicated(1), tasks, [Node("n2")], now);

        Assert.Equal("a", Assert.IsType<RestartTask>(Assert.Single(plan.Decisions)).OldTaskId);
    }

    [Fact]
    public void Restart_DownNodeTaskAlreadyShutDown_NotReplacedTwice()
    {
        var now = Clock().GetUtcNow();
        SwarmTask[] tasks = [Task("a", slot: 1, node: "n1") with { DesiredState = TaskState.Shutdown }, Task("b", slot: 1, node: "n2")];

        var plan = RestartReconciler.Reconcile(Replicated(1), tasks, [Node("n1", state: NodeState.Down), Node("n2")], now);

        Assert.Empty(plan.Decisions);
    }

    [Fact]
    public void Replicated_SlotWhoseTaskWasReplaced_NotFilledAgain()
    {
        SwarmTask[] tasks =
        [
            Task("old", slot: 1, node: "n1") with { DesiredState = TaskState.Shutdown },
            Task("new", slot: 1, node: "") with { DesiredState = TaskState.Ready },
        ];

        var plan = ReplicatedReconciler.Reconcile(Replicated(1), tasks);

        Assert.DoesNotContain(plan.Decisions, d => d is CreateTask);
    }

    [Fact]
    public void Global_TaskOnDownNode_ShutDownAndNoneCreatedThere()
    {
        SwarmTask[] tasks = [Task("a", slot: 0, node: "n1"), Task("b", slot: 0, node: "n2")];

        var plan = GlobalReconciler.Reconcile(Global(), tasks, [Node("n1", state: NodeState.Down), Node("n2")]);

        Assert.Equal("a", Assert.IsType<ShutdownTask>(Assert.Single(plan.Decisions)).TaskId);
    }
}
