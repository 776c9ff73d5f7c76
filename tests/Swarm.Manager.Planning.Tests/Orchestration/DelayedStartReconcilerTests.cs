using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using static Swarm.Manager.Planning.Tests.Orchestration.OrchestrationFixtures;

namespace Swarm.Manager.Planning.Tests.Orchestration;

public class DelayedStartReconcilerTests
{
    private static readonly SwarmTask Old =
        Task("old", slot: 1, node: "n1", state: TaskState.Failed, desired: TaskState.Shutdown, created: Epoch.AddSeconds(-30));

    [Fact]
    public void Reconcile_BeforeDelay_WaitsAndAsksToWakeAtDelayEnd()
    {
        var clock = Clock();
        var replacement = Task("new", slot: 1, state: TaskState.New, desired: TaskState.Ready, created: clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(2));

        var plan = DelayedStartReconciler.Reconcile(Replicated(1), [Old, replacement], [Node("n1")], clock.GetUtcNow());

        Assert.Empty(plan.Decisions);
        Assert.Equal(Epoch.AddSeconds(5), plan.NextWakeUp);
    }

    [Fact]
    public void Reconcile_AfterDelay_StartsTask()
    {
        var clock = Clock();
        var replacement = Task("new", slot: 1, state: TaskState.Ready, desired: TaskState.Ready, created: clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(5));

        var plan = DelayedStartReconciler.Reconcile(Replicated(1), [Old, replacement], [Node("n1")], clock.GetUtcNow());

        Assert.Equal([new StartTask("new", TaskState.Running)], plan.Decisions);
        Assert.Null(plan.NextWakeUp);
    }

    [Fact]
    public void Reconcile_OldTaskStillRunning_WaitsUntilItStopsOrTimeout()
    {
        var clock = Clock();
        var running = Old with { Status = Old.Status with { State = TaskState.Running } };
        var replacement = Task("new", slot: 1, state: TaskState.Ready, desired: TaskState.Ready, created: clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(10));

        var waiting = DelayedStartReconciler.Reconcile(Replicated(1), [running, replacement], [Node("n1")], clock.GetUtcNow());
        clock.Advance(DelayedStartReconciler.OldTaskTimeout);
        var timedOut = DelayedStartReconciler.Reconcile(Replicated(1), [running, replacement], [Node("n1")], clock.GetUtcNow());

        Assert.Empty(waiting.Decisions);
        Assert.Equal(Epoch + DelayedStartReconciler.OldTaskTimeout, waiting.NextWakeUp);
        Assert.Single(timedOut.Decisions);
    }

    [Fact]
    public void Reconcile_JobTask_StartsToComplete()
    {
        var replacement = Task("new", slot: 1, desired: TaskState.Ready, state: TaskState.New, jobIteration: 1);

        var plan = DelayedStartReconciler.Reconcile(ReplicatedJob(1, 1), [replacement], [], Epoch.AddSeconds(5));

        Assert.Equal([new StartTask("new", TaskState.Complete)], plan.Decisions);
    }
}
