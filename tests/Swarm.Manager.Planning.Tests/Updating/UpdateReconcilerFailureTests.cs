using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using Swarm.Manager.Planning.Updating;
using static Swarm.Manager.Planning.Tests.Updating.UpdateFixtures;

namespace Swarm.Manager.Planning.Tests.Updating;

public class UpdateReconcilerFailureTests
{
    /// <summary>Slot 1 replaced and its new task failed 2 s after creation; slots 2..n still old.</summary>
    private static List<SwarmTask> FirstReplacementFailed(int slots)
    {
        var tasks = OldTasks(slots);
        tasks[0] = tasks[0] with { DesiredState = TaskState.Shutdown, Status = tasks[0].Status with { State = TaskState.Shutdown } };
        tasks.Add(Task("new1", 1, specVersion: 2, state: TaskState.Failed, created: Epoch, statusAt: Epoch.AddSeconds(2)));
        return tasks;
    }

    [Fact]
    public void Reconcile_ReplacementFailed_DefaultActionPauses()
    {
        var plan = UpdateReconciler.Reconcile(Updated(status: UpdatingSince()), FirstReplacementFailed(3), Epoch.AddSeconds(3));

        var status = plan.Service!.UpdateStatus!;
        Assert.Equal(UpdateState.Paused, status.State);
        Assert.Equal("update paused due to failure or early termination of task new1", status.Message);
        Assert.Empty(plan.Decisions);
    }

    [Fact]
    public void Reconcile_ReplacementFailed_RollbackActionSwapsSpecs()
    {
        var service = Updated(update: new UpdateConfig { FailureAction = FailureAction.Rollback }, status: UpdatingSince());

        var plan = UpdateReconciler.Reconcile(service, FirstReplacementFailed(3), Epoch.AddSeconds(3));

        Assert.True(plan.StartsRollback);
        var rolledBack = plan.Service!;
        Assert.Same(OldSpec, rolledBack.Spec);
        Assert.Same(service.Spec, rolledBack.PreviousSpec);
        Assert.Equal(3UL, rolledBack.SpecVersion);
        Assert.Equal(UpdateState.RollbackStarted, rolledBack.UpdateStatus!.State);
        Assert.Equal("update rolled back due to failure or early termination of task new1", rolledBack.UpdateStatus.Message);
    }

    [Fact]
    public void Reconcile_RollbackActionWithoutPreviousSpec_Pauses()
    {
        var service = Updated(update: new UpdateConfig { FailureAction = FailureAction.Rollback }, status: UpdatingSince(), hasPrevious: false);

        var plan = UpdateReconciler.Reconcile(service, FirstReplacementFailed(3), Epoch.AddSeconds(3));

        Assert.False(plan.StartsRollback);
        Assert.Equal(UpdateState.Paused, plan.Service!.UpdateStatus!.State);
    }

    [Fact]
    public void Reconcile_ReplacementFailed_ContinueActionReplacesNextSlot()
    {
        var service = Updated(update: new UpdateConfig { FailureAction = FailureAction.Continue }, status: UpdatingSince());

        var plan = UpdateReconciler.Reconcile(service, FirstReplacementFailed(3), Epoch.AddSeconds(3));

        Assert.Null(plan.Service);
        Assert.Equal([2UL], plan.Of<CreateTask>().Select(c => c.Slot));
    }

    [Fact]
    public void Reconcile_FailuresWithinMaxFailureRatio_KeepsUpdating()
    {
        var service = Updated(replicas: 4, update: new UpdateConfig { MaxFailureRatio = 0.25 }, status: UpdatingSince());

        var plan = UpdateReconciler.Reconcile(service, FirstReplacementFailed(4), Epoch.AddSeconds(3));

        Assert.Null(plan.Service);
        Assert.Equal([2UL], plan.Of<CreateTask>().Select(c => c.Slot));
    }

    [Fact]
    public void Reconcile_FailuresAboveMaxFailureRatio_Pauses()
    {
        var service = Updated(replicas: 4, update: new UpdateConfig { MaxFailureRatio = 0.25, Parallelism = 2 }, status: UpdatingSince());
        var tasks = FirstReplacementFailed(4);
        tasks[1] = tasks[1] with { DesiredState = TaskState.Shutdown, Status = tasks[1].Status with { State = TaskState.Shutdown } };
        tasks.Add(Task("new2", 2, specVersion: 2, state: TaskState.Rejected, created: Epoch, statusAt: Epoch.AddSeconds(4)));

        var plan = UpdateReconciler.Reconcile(service, tasks, Epoch.AddSeconds(5));

        Assert.Equal(UpdateState.Paused, plan.Service!.UpdateStatus!.State);
        Assert.EndsWith("task new2", plan.Service.UpdateStatus.Message);
    }

    [Fact]
    public void Reconcile_FailureOfTaskCreatedBeforeUpdate_NotCounted()
    {
        var tasks = OldTasks(2);
        tasks[0] = tasks[0] with { Status = tasks[0].Status with { State = TaskState.Failed } };

        var plan = UpdateReconciler.Reconcile(Updated(replicas: 2, status: UpdatingSince()), tasks, Epoch.AddSeconds(1));

        Assert.Null(plan.Service);
        Assert.Equal([1UL], plan.Of<CreateTask>().Select(c => c.Slot));
    }

    [Fact]
    public void Reconcile_RollbackFailsWithRollbackAction_PausesRollback()
    {
        var rollback = new UpdateConfig { FailureAction = FailureAction.Rollback };
        var service = Updated(rollback: rollback, update: rollback, status: RollingBack());

        var plan = UpdateReconciler.Reconcile(service, FirstReplacementFailed(3), Epoch.AddSeconds(3));

        Assert.False(plan.StartsRollback);
        Assert.Same(service.Spec, plan.Service!.Spec);
        Assert.Equal(UpdateState.RollbackPaused, plan.Service.UpdateStatus!.State);
        Assert.Equal("update paused due to failure or early termination of task new1", plan.Service.UpdateStatus.Message);
    }

    [Fact]
    public void Reconcile_RollingBack_UsesRollbackConfig()
    {
        var service = Updated(
            replicas: 4,
            update: new UpdateConfig { Parallelism = 1 },
            rollback: new UpdateConfig { Parallelism = 3 },
            status: RollingBack());

        var plan = UpdateReconciler.Reconcile(service, OldTasks(4), Epoch);

        Assert.Equal([1UL, 2UL, 3UL], plan.Of<CreateTask>().Select(c => c.Slot));
        Assert.Null(plan.Service);
    }
}
