using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using Swarm.Manager.Planning.Updating;
using static Swarm.Manager.Planning.Tests.Updating.UpdateFixtures;

namespace Swarm.Manager.Planning.Tests.Updating;

public class UpdateReconcilerBatchTests
{
    [Fact]
    public void Reconcile_NoDirtySlots_IsIdle()
    {
        var tasks = new[] { Task("a", 1, specVersion: 2), Task("b", 2, specVersion: 2) };

        var plan = UpdateReconciler.Reconcile(Updated(replicas: 2), tasks, Epoch);

        Assert.Same(UpdatePlan.Idle, plan);
    }

    [Fact]
    public void Reconcile_DirtySlots_StartsUpdateAndReplacesFirstSlotStopFirst()
    {
        var plan = UpdateReconciler.Reconcile(Updated(), OldTasks(3), Epoch);

        var status = plan.Service!.UpdateStatus!;
        Assert.Equal(UpdateState.Updating, status.State);
        Assert.Equal(Epoch, status.StartedAt);
        Assert.Equal("update in progress", status.Message);
        Assert.Equal(["old1"], plan.Of<ShutdownTask>().Select(s => s.TaskId));
        var created = Assert.Single(plan.Of<CreateTask>());
        Assert.Equal((1UL, 2UL, TaskState.Ready), (created.Slot, created.SpecVersion, created.DesiredState));
        Assert.False(plan.StartsRollback);
    }

    [Fact]
    public void Reconcile_Parallelism2_ReplacesTwoSlotsPerBatch()
    {
        var service = Updated(replicas: 5, update: new UpdateConfig { Parallelism = 2 });

        var plan = UpdateReconciler.Reconcile(service, OldTasks(5), Epoch);

        Assert.Equal([1UL, 2UL], plan.Of<CreateTask>().Select(c => c.Slot));
        Assert.Equal(["old1", "old2"], plan.Of<ShutdownTask>().Select(s => s.TaskId));
    }

    [Fact]
    public void Reconcile_ParallelismZero_ReplacesAllSlotsAtOnce()
    {
        var service = Updated(replicas: 4, update: new UpdateConfig { Parallelism = 0 });

        var plan = UpdateReconciler.Reconcile(service, OldTasks(4), Epoch);

        Assert.Equal([1UL, 2UL, 3UL, 4UL], plan.Of<CreateTask>().Select(c => c.Slot));
    }

    [Fact]
    public void Reconcile_ReplacementStillStarting_HoldsItsWorker()
    {
        var tasks = OldTasks(3);
        tasks[0] = tasks[0] with { DesiredState = TaskState.Shutdown, Status = tasks[0].Status with { State = TaskState.Shutdown } };
        tasks.Add(Task("new1", 1, specVersion: 2, state: TaskState.Preparing, created: Epoch));

        var plan = UpdateReconciler.Reconcile(Updated(status: UpdatingSince()), tasks, Epoch.AddSeconds(3));

        Assert.Empty(plan.Of<CreateTask>());
        Assert.Null(plan.Service);
    }

    [Fact]
    public void Reconcile_ReplacementRunningWithinDelay_WaitsUntilDelayEnds()
    {
        var clock = Clock();
        var service = Updated(update: new UpdateConfig { Delay = TimeSpan.FromSeconds(10) }, status: UpdatingSince());
        var tasks = OldTasks(3);
        tasks[0] = tasks[0] with { DesiredState = TaskState.Shutdown, Status = tasks[0].Status with { State = TaskState.Shutdown } };
        tasks.Add(Task("new1", 1, specVersion: 2, created: Epoch, statusAt: Epoch.AddSeconds(2)));
        clock.Advance(TimeSpan.FromSeconds(5));

        var waiting = UpdateReconciler.Reconcile(service, tasks, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(7));
        var next = UpdateReconciler.Reconcile(service, tasks, clock.GetUtcNow());

        Assert.Empty(waiting.Decisions);
        Assert.Equal(Epoch.AddSeconds(12), waiting.NextWakeUp);
        Assert.Equal([2UL], next.Of<CreateTask>().Select(c => c.Slot));
        Assert.Equal(["old2"], next.Of<ShutdownTask>().Select(s => s.TaskId));
    }

    [Fact]
    public void Reconcile_GlobalService_ReplacesByNode()
    {
        var tasks = new[] { Task("a", 0, node: "n2"), Task("b", 0, node: "n1") };

        var plan = UpdateReconciler.Reconcile(Updated(global: true), tasks, Epoch);

        var created = Assert.Single(plan.Of<CreateTask>());
        Assert.Equal((0UL, "n1"), (created.Slot, created.NodeId));
        Assert.Equal(["b"], plan.Of<ShutdownTask>().Select(s => s.TaskId));
    }

    [Fact]
    public void Reconcile_Paused_IsIdle()
    {
        var status = UpdatingSince() with { State = UpdateState.Paused };

        var plan = UpdateReconciler.Reconcile(Updated(status: status), OldTasks(3), Epoch);

        Assert.Same(UpdatePlan.Idle, plan);
    }
}
