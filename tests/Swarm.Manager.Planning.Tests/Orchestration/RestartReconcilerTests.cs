using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using static Swarm.Manager.Planning.Tests.Orchestration.OrchestrationFixtures;

namespace Swarm.Manager.Planning.Tests.Orchestration;

public class RestartReconcilerTests
{
    [Theory]
    [InlineData(RestartCondition.None, TaskState.Failed, false)]
    [InlineData(RestartCondition.OnFailure, TaskState.Failed, true)]
    [InlineData(RestartCondition.OnFailure, TaskState.Rejected, true)]
    [InlineData(RestartCondition.OnFailure, TaskState.Complete, false)]
    [InlineData(RestartCondition.Any, TaskState.Complete, true)]
    [InlineData(RestartCondition.Any, TaskState.Failed, true)]
    public void Reconcile_Condition_RestartsOnlyWhenAllowed(RestartCondition condition, TaskState state, bool restarts)
    {
        var policy = new RestartPolicy { Condition = condition };
        SwarmTask[] tasks = [Task("a", slot: 1, node: "n1", state: state, policy: policy)];

        var plan = RestartReconciler.Reconcile(Replicated(1, policy: policy), tasks, [Node("n1")], Epoch);

        var decision = Assert.Single(plan.Decisions);
        Assert.Equal(restarts, decision is RestartTask);
        if (!restarts)
            Assert.Equal("a", Assert.IsType<ShutdownTask>(decision).TaskId);
    }

    [Fact]
    public void Reconcile_DefaultPolicy_ReplacementReadyUntilFiveSecondDelay()
    {
        var clock = Clock();
        clock.Advance(TimeSpan.FromMinutes(3));
        SwarmTask[] tasks = [Task("a", slot: 2, node: "n1", state: TaskState.Failed)];

        var plan = RestartReconciler.Reconcile(Replicated(1, specVersion: 4), tasks, [Node("n1")], clock.GetUtcNow());

        var restart = Assert.IsType<RestartTask>(Assert.Single(plan.Decisions));
        Assert.Equal("a", restart.OldTaskId);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(5), restart.StartAt);
        Assert.Equal(new CreateTask(ServiceId, 2, "", 4, TaskState.Ready), restart.Replacement);
    }

    [Fact]
    public void Reconcile_RunningTaskOnDrainedNode_RestartsWithoutDelay()
    {
        var now = Clock().GetUtcNow();
        SwarmTask[] tasks = [Task("a", slot: 1, node: "n1")];

        var plan = RestartReconciler.Reconcile(Replicated(1), tasks, [Node("n1", availability: NodeAvailability.Drain)], now);

        Assert.Equal(now, Assert.IsType<RestartTask>(Assert.Single(plan.Decisions)).StartAt);
    }

    [Fact]
    public void Reconcile_HealthyOrAlreadyShutDownTasks_NoDecision()
    {
        SwarmTask[] tasks =
        [
            Task("a", slot: 1, node: "n1"),
            Task("b", slot: 2, node: "n1", state: TaskState.Failed, desired: TaskState.Shutdown),
        ];

        Assert.Empty(RestartReconciler.Reconcile(Replicated(2), tasks, [Node("n1")], Epoch).Decisions);
    }

    [Fact]
    public void Reconcile_MaxAttemptsReached_StopsRestarting()
    {
        var policy = new RestartPolicy { MaxAttempts = 2 };
        SwarmTask[] tasks =
        [
            Task("t0", slot: 1, state: TaskState.Failed, desired: TaskState.Shutdown, created: Epoch, policy: policy),
            Task("t1", slot: 1, state: TaskState.Failed, desired: TaskState.Shutdown, created: Epoch.AddMinutes(1), policy: policy),
            Task("t2", slot: 1, state: TaskState.Failed, created: Epoch.AddMinutes(2), policy: policy),
        ];

        var plan = RestartReconciler.Reconcile(Replicated(1, policy: policy), tasks, [], Epoch.AddMinutes(3));

        Assert.IsType<ShutdownTask>(Assert.Single(plan.Decisions));
    }

    [Fact]
    public void Reconcile_MaxAttemptsAtNewSpecVersion_HistoryStartsAgain()
    {
        var policy = new RestartPolicy { MaxAttempts = 1 };
        SwarmTask[] tasks =
        [
            Task("t0", slot: 1, state: TaskState.Failed, desired: TaskState.Shutdown, specVersion: 1, created: Epoch, policy: policy),
            Task("t1", slot: 1, state: TaskState.Failed, desired: TaskState.Shutdown, specVersion: 1, created: Epoch.AddMinutes(1), policy: policy),
            Task("t2", slot: 1, state: TaskState.Failed, specVersion: 2, created: Epoch.AddMinutes(2), policy: policy),
        ];

        var plan = RestartReconciler.Reconcile(Replicated(1, specVersion: 2, policy: policy), tasks, [], Epoch.AddMinutes(3));

        Assert.IsType<RestartTask>(Assert.Single(plan.Decisions));
    }

    [Fact]
    public void Reconcile_MaxAttemptsWithinWindow_OldRestartsNoLongerCount()
    {
        var clock = Clock();
        var policy = new RestartPolicy { MaxAttempts = 1, Window = TimeSpan.FromMinutes(1) };
        var t0 = Task("t0", slot: 1, state: TaskState.Failed, desired: TaskState.Shutdown, created: Epoch, policy: policy);
        var t1Created = Epoch.AddSeconds(10);

        clock.Advance(TimeSpan.FromSeconds(30));
        var failedSoon = Task("t1", slot: 1, state: TaskState.Failed, created: t1Created, statusAt: clock.GetUtcNow(), policy: policy);
        var soon = RestartReconciler.Reconcile(Replicated(1, policy: policy), [t0, failedSoon], [], clock.GetUtcNow());

        clock.Advance(TimeSpan.FromMinutes(5));
        var failedLater = failedSoon with { Status = failedSoon.Status with { Timestamp = clock.GetUtcNow() } };
        var later = RestartReconciler.Reconcile(Replicated(1, policy: policy), [t0, failedLater], [], clock.GetUtcNow());

        Assert.IsType<ShutdownTask>(Assert.Single(soon.Decisions));
        Assert.IsType<RestartTask>(Assert.Single(later.Decisions));
    }

    [Fact]
    public void Reconcile_GlobalTaskFailedOnPausedNode_ShutsDownInsteadOfRestart()
    {
        SwarmTask[] tasks = [Task("a", node: "n1", state: TaskState.Failed), Task("b", node: "n2", state: TaskState.Failed)];
        Node[] nodes = [Node("n1", availability: NodeAvailability.Pause), Node("n2")];

        var plan = RestartReconciler.Reconcile(Global(), tasks, nodes, Epoch);

        Assert.Equal(["a"], plan.Ids<ShutdownTask>(s => s.TaskId));
        Assert.Equal("n2", plan.Of<RestartTask>().Single().Replacement.NodeId);
    }

    [Fact]
    public void Reconcile_JobTaskCompletedWithConditionAny_NotRestarted()
    {
        SwarmTask[] tasks =
        [
            Task("done", slot: 1, state: TaskState.Complete, desired: TaskState.Complete, jobIteration: 1),
            Task("failed", slot: 2, state: TaskState.Failed, desired: TaskState.Complete, jobIteration: 1),
        ];

        var plan = RestartReconciler.Reconcile(ReplicatedJob(2, 2), tasks, [], Epoch);

        var restart = Assert.IsType<RestartTask>(Assert.Single(plan.Decisions));
        Assert.Equal(("failed", 1UL), (restart.OldTaskId, restart.Replacement.JobIteration));
    }
}
