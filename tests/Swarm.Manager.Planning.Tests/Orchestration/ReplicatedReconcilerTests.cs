using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using static Swarm.Manager.Planning.Tests.Orchestration.OrchestrationFixtures;

namespace Swarm.Manager.Planning.Tests.Orchestration;

public class ReplicatedReconcilerTests
{
    [Fact]
    public void Reconcile_NoTasks_CreatesSlotsOneToN()
    {
        var plan = ReplicatedReconciler.Reconcile(Replicated(3, specVersion: 7), []);

        var created = plan.Of<CreateTask>();
        Assert.Equal([1UL, 2UL, 3UL], created.Select(c => c.Slot));
        Assert.All(created, c =>
        {
            Assert.Equal(7UL, c.SpecVersion);
            Assert.Equal(TaskState.Running, c.DesiredState);
            Assert.Equal("", c.NodeId);
        });
    }

    [Fact]
    public void Reconcile_ScaleUp_FillsLowestFreeSlotsAndKeepsRunningOnes()
    {
        SwarmTask[] tasks = [Task("a", slot: 2, node: "n1")];

        var plan = ReplicatedReconciler.Reconcile(Replicated(3), tasks);

        Assert.Equal([1UL, 3UL], plan.Of<CreateTask>().Select(c => c.Slot));
        Assert.Empty(plan.Of<RemoveTask>());
    }

    [Fact]
    public void Reconcile_FailedTaskStillDesiredRunning_SlotCountsAsRunning()
    {
        SwarmTask[] tasks = [Task("a", slot: 1, state: TaskState.Failed)];

        var plan = ReplicatedReconciler.Reconcile(Replicated(1), tasks);

        Assert.Empty(plan.Decisions);
    }

    [Fact]
    public void Reconcile_DeadSlot_ReusesItsNumberAndDeletesOtherDeadSlots()
    {
        SwarmTask[] tasks =
        [
            Task("old1", slot: 1, state: TaskState.Shutdown, desired: TaskState.Shutdown),
            Task("old5", slot: 5, state: TaskState.Shutdown, desired: TaskState.Shutdown),
            Task("live", slot: 2),
        ];

        var plan = ReplicatedReconciler.Reconcile(Replicated(2), tasks);

        Assert.Equal([1UL], plan.Of<CreateTask>().Select(c => c.Slot));
        Assert.Equal(["old5"], plan.Ids<DeleteTask>(d => d.TaskId));
    }

    [Fact]
    public void Reconcile_StoppedTaskThatPolicyWillNotRestart_SlotStaysLive()
    {
        var none = new RestartPolicy { Condition = RestartCondition.None };
        SwarmTask[] tasks = [Task("a", slot: 1, state: TaskState.Failed, desired: TaskState.Shutdown, policy: none)];

        var plan = ReplicatedReconciler.Reconcile(Replicated(1, policy: none), tasks);

        Assert.Empty(plan.Decisions);
    }

    [Fact]
    public void Reconcile_ScaleDown_RemovesNonRunningSlotsFirst()
    {
        SwarmTask[] tasks =
        [
            Task("a", slot: 1, node: "n1"),
            Task("b", slot: 2, node: "n2", state: TaskState.Preparing),
            Task("c", slot: 3, node: "n3"),
        ];

        var plan = ReplicatedReconciler.Reconcile(Replicated(2), tasks);

        Assert.Equal(["b"], plan.Ids<RemoveTask>(r => r.TaskId));
        Assert.Empty(plan.Of<CreateTask>());
    }

    [Fact]
    public void Reconcile_ScaleDown_RemovesFromMostLoadedNodeAndHighestSlots()
    {
        SwarmTask[] tasks =
        [
            Task("a", slot: 1, node: "n1"),
            Task("b", slot: 2, node: "n1"),
            Task("c", slot: 3, node: "n1"),
            Task("d", slot: 4, node: "n2"),
        ];

        var plan = ReplicatedReconciler.Reconcile(Replicated(2), tasks);

        Assert.Equal(["b", "c"], plan.Ids<RemoveTask>(r => r.TaskId));
    }

    [Fact]
    public void Reconcile_ScaleDownWithEqualLoad_RemovesHighestSlotNumbers()
    {
        SwarmTask[] tasks = [Task("a", slot: 1, node: "n1"), Task("b", slot: 2, node: "n2"), Task("c", slot: 3, node: "n3")];

        var plan = ReplicatedReconciler.Reconcile(Replicated(1), tasks);

        Assert.Equal(["b", "c"], plan.Ids<RemoveTask>(r => r.TaskId));
    }

    [Fact]
    public void Reconcile_OlderSpecVersion_ReportsDirtySlotsWithoutTouchingThem()
    {
        SwarmTask[] tasks = [Task("a", slot: 1, specVersion: 1), Task("b", slot: 2, specVersion: 2)];

        var plan = ReplicatedReconciler.Reconcile(Replicated(2, specVersion: 2), tasks);

        Assert.Empty(plan.Decisions);
        Assert.Equal([1UL], plan.DirtySlots.Select(s => s.Slot));
    }

    [Fact]
    public void Reconcile_SameInputsInAnyOrder_SamePlan()
    {
        SwarmTask[] tasks =
        [
            Task("a", slot: 1, node: "n1"), Task("b", slot: 2, node: "n1"), Task("c", slot: 3, node: "n2"),
            Task("d", slot: 9, state: TaskState.Shutdown, desired: TaskState.Shutdown),
        ];

        var one = ReplicatedReconciler.Reconcile(Replicated(1), tasks);
        var two = ReplicatedReconciler.Reconcile(Replicated(1), tasks.Reverse().ToArray());

        Assert.Equal(one.Decisions, two.Decisions);
        Assert.IsType<DeleteTask>(one.Decisions[0]);
    }
}
