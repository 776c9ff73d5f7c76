using Swarm.Api.Objects;
using Swarm.Manager.Planning.Updating;
using static Swarm.Manager.Planning.Tests.Updating.UpdateFixtures;

namespace Swarm.Manager.Planning.Tests.Updating;

public class UpdateReconcilerCompletionTests
{
    /// <summary>Both slots replaced; the last replacement reached RUNNING 4 s after the update began.</summary>
    private static SwarmTask[] AllReplaced() =>
    [
        Task("old1", 1, state: TaskState.Shutdown, desired: TaskState.Shutdown),
        Task("old2", 2, state: TaskState.Shutdown, desired: TaskState.Shutdown),
        Task("new1", 1, specVersion: 2, created: Epoch, statusAt: Epoch.AddSeconds(1)),
        Task("new2", 2, specVersion: 2, created: Epoch.AddSeconds(2), statusAt: Epoch.AddSeconds(4)),
    ];

    [Fact]
    public void Reconcile_LastSlotRunningWithinMonitor_KeepsWatching()
    {
        var plan = UpdateReconciler.Reconcile(Updated(replicas: 2, status: UpdatingSince()), AllReplaced(), Epoch.AddSeconds(6));

        Assert.Null(plan.Service);
        Assert.Empty(plan.Decisions);
        Assert.Equal(Epoch.AddSeconds(9), plan.NextWakeUp);
    }

    [Fact]
    public void Reconcile_MonitorPeriodOverAfterLastSlot_Completes()
    {
        var clock = Clock();
        clock.Advance(TimeSpan.FromSeconds(9));

        var plan = UpdateReconciler.Reconcile(Updated(replicas: 2, status: UpdatingSince()), AllReplaced(), clock.GetUtcNow());

        var status = plan.Service!.UpdateStatus!;
        Assert.Equal(UpdateState.Completed, status.State);
        Assert.Equal(clock.GetUtcNow(), status.CompletedAt);
        Assert.Equal(Epoch, status.StartedAt);
        Assert.Equal("update completed", status.Message);
    }

    [Fact]
    public void Reconcile_FailureDuringFinalMonitor_PausesInsteadOfCompleting()
    {
        var tasks = AllReplaced();
        tasks[3] = tasks[3] with { Status = tasks[3].Status with { State = TaskState.Failed, Timestamp = Epoch.AddSeconds(7) } };

        var plan = UpdateReconciler.Reconcile(Updated(replicas: 2, status: UpdatingSince()), tasks, Epoch.AddSeconds(8));

        Assert.Equal(UpdateState.Paused, plan.Service!.UpdateStatus!.State);
    }

    [Fact]
    public void Reconcile_RollbackFinished_RollbackCompleted()
    {
        var plan = UpdateReconciler.Reconcile(Updated(replicas: 2, status: RollingBack()), AllReplaced(), Epoch.AddSeconds(9));

        Assert.Equal(UpdateState.RollbackCompleted, plan.Service!.UpdateStatus!.State);
        Assert.Equal("rollback completed", plan.Service.UpdateStatus.Message);
    }

    [Fact]
    public void Reconcile_Completed_IsIdle()
    {
        var status = UpdatingSince() with { State = UpdateState.Completed, CompletedAt = Epoch.AddSeconds(9) };

        var plan = UpdateReconciler.Reconcile(Updated(replicas: 2, status: status), AllReplaced(), Epoch.AddMinutes(1));

        Assert.Same(UpdatePlan.Idle, plan);
    }
}
