using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using Swarm.Manager.Planning.Updating;
using static Swarm.Manager.Planning.Tests.Updating.UpdateFixtures;

namespace Swarm.Manager.Planning.Tests.Updating;

public class UpdateReconcilerOrderTests
{
    private static readonly UpdateConfig StartFirst = new() { Order = UpdateOrder.StartFirst };

    [Fact]
    public void Reconcile_StopFirstOldTaskStopped_StartsReplacement()
    {
        SwarmTask[] tasks =
        [
            Task("old1", 1, state: TaskState.Shutdown, desired: TaskState.Shutdown),
            Task("new1", 1, specVersion: 2, state: TaskState.Assigned, desired: TaskState.Ready, created: Epoch),
        ];

        var plan = UpdateReconciler.Reconcile(Updated(replicas: 1, status: UpdatingSince()), tasks, Epoch.AddSeconds(1));

        var start = Assert.Single(plan.Of<StartTask>());
        Assert.Equal(("new1", TaskState.Running), (start.TaskId, start.DesiredState));
    }

    [Fact]
    public void Reconcile_StopFirstOldTaskStillRunning_WaitsUpToOldTaskTimeout()
    {
        SwarmTask[] tasks =
        [
            Task("old1", 1, state: TaskState.Running, desired: TaskState.Shutdown),
            Task("new1", 1, specVersion: 2, state: TaskState.Assigned, desired: TaskState.Ready, created: Epoch),
        ];
        var service = Updated(replicas: 1, status: UpdatingSince());

        var waiting = UpdateReconciler.Reconcile(service, tasks, Epoch.AddSeconds(10));
        var gaveUp = UpdateReconciler.Reconcile(service, tasks, Epoch + DelayedStartReconciler.OldTaskTimeout);

        Assert.Empty(waiting.Decisions);
        Assert.Equal(Epoch + DelayedStartReconciler.OldTaskTimeout, waiting.NextWakeUp);
        Assert.Equal(["new1"], gaveUp.Of<StartTask>().Select(s => s.TaskId));
    }

    [Fact]
    public void Reconcile_RestartOfFailedReplacement_LeftToRestartDelay()
    {
        SwarmTask[] tasks =
        [
            Task("old1", 1, state: TaskState.Shutdown, desired: TaskState.Shutdown),
            Task("new1", 1, specVersion: 2, state: TaskState.Failed, desired: TaskState.Shutdown, created: Epoch),
            Task("restart1", 1, specVersion: 2, state: TaskState.New, desired: TaskState.Ready, created: Epoch.AddSeconds(1)),
        ];
        var service = Updated(replicas: 1, update: new UpdateConfig { FailureAction = FailureAction.Continue }, status: UpdatingSince());

        var plan = UpdateReconciler.Reconcile(service, tasks, Epoch.AddSeconds(2));

        Assert.Empty(plan.Of<StartTask>());
    }

    [Fact]
    public void Reconcile_StartFirst_CreatesRunningTaskAndKeepsOldOne()
    {
        var plan = UpdateReconciler.Reconcile(Updated(update: StartFirst), OldTasks(3), Epoch);

        var created = Assert.Single(plan.Of<CreateTask>());
        Assert.Equal((1UL, TaskState.Running), (created.Slot, created.DesiredState));
        Assert.Empty(plan.Of<ShutdownTask>());
    }

    [Fact]
    public void Reconcile_StartFirstReplacementNotRunning_KeepsOldTaskAndWorker()
    {
        var tasks = OldTasks(2);
        tasks.Add(Task("new1", 1, specVersion: 2, state: TaskState.Starting, created: Epoch));

        var plan = UpdateReconciler.Reconcile(Updated(replicas: 2, update: StartFirst, status: UpdatingSince()), tasks, Epoch.AddSeconds(1));

        Assert.Empty(plan.Decisions);
    }

    [Fact]
    public void Reconcile_StartFirstReplacementRunning_ShutsOldTaskDownAndMovesOn()
    {
        var tasks = OldTasks(2);
        tasks.Add(Task("new1", 1, specVersion: 2, created: Epoch, statusAt: Epoch.AddSeconds(3)));

        var plan = UpdateReconciler.Reconcile(Updated(replicas: 2, update: StartFirst, status: UpdatingSince()), tasks, Epoch.AddSeconds(4));

        Assert.Equal(["old1"], plan.Of<ShutdownTask>().Select(s => s.TaskId));
        var created = Assert.Single(plan.Of<CreateTask>());
        Assert.Equal((2UL, TaskState.Running), (created.Slot, created.DesiredState));
    }
}
