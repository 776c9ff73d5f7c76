using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using static Swarm.Manager.Planning.Tests.Orchestration.OrchestrationFixtures;

namespace Swarm.Manager.Planning.Tests.Orchestration;

public class TaskReaperReconcilerTests
{
    private static SwarmTask[] History(int dead, ulong slot = 1, string node = "")
    {
        var clock = Clock();
        var tasks = new List<SwarmTask>();
        for (var i = 0; i < dead; i++)
        {
            tasks.Add(Task($"d{i}", slot, node, TaskState.Failed, TaskState.Shutdown, statusAt: clock.GetUtcNow()));
            clock.Advance(TimeSpan.FromSeconds(10));
        }
        tasks.Add(Task("live", slot, node, statusAt: clock.GetUtcNow()));
        return [.. tasks];
    }

    [Fact]
    public void Reconcile_DefaultLimit_KeepsFiveTasksPerSlotDeletingOldest()
    {
        var plan = TaskReaperReconciler.Reconcile([Replicated(1)], History(7));

        Assert.Equal(["d0", "d1", "d2"], plan.Ids<DeleteTask>(d => d.TaskId));
    }

    [Fact]
    public void Reconcile_UnderLimit_DeletesNothing()
        => Assert.Empty(TaskReaperReconciler.Reconcile([Replicated(1)], History(4)).Decisions);

    [Fact]
    public void Reconcile_NegativeLimit_NeverReapsHistory()
        => Assert.Empty(TaskReaperReconciler.Reconcile([Replicated(1)], History(9), retentionLimit: -1).Decisions);

    [Fact]
    public void Reconcile_ZeroLimit_KeepsOnlyRunningTasks()
    {
        var plan = TaskReaperReconciler.Reconcile([Replicated(1)], History(2), retentionLimit: 0);

        Assert.Equal(["d0", "d1"], plan.Ids<DeleteTask>(d => d.TaskId));
    }

    [Fact]
    public void Reconcile_MaxAttemptsSet_KeepsMaxAttemptsPlusOne()
    {
        var service = Replicated(1, policy: new RestartPolicy { MaxAttempts = 7 });

        Assert.Empty(TaskReaperReconciler.Reconcile([service], History(7)).Decisions);
        Assert.Equal(["d0"], TaskReaperReconciler.Reconcile([service], History(8)).Ids<DeleteTask>(d => d.TaskId));
    }

    [Fact]
    public void Reconcile_GlobalService_LimitsPerNode()
    {
        var plan = TaskReaperReconciler.Reconcile([Global()], [.. History(5, node: "n1")], retentionLimit: 2);

        Assert.Equal(["d0", "d1", "d2", "d3"], plan.Ids<DeleteTask>(d => d.TaskId));
    }

    [Fact]
    public void Reconcile_DesiredRemove_DeletedOnceStoppedOrNeverAssigned()
    {
        SwarmTask[] tasks =
        [
            Task("stopped", slot: 1, state: TaskState.Shutdown, desired: TaskState.Remove),
            Task("unassigned", slot: 2, state: TaskState.Pending, desired: TaskState.Remove),
            Task("stopping", slot: 3, state: TaskState.Running, desired: TaskState.Remove),
        ];

        var plan = TaskReaperReconciler.Reconcile([], tasks);

        Assert.Equal(["stopped", "unassigned"], plan.Ids<DeleteTask>(d => d.TaskId));
    }

    [Fact]
    public void Reconcile_Jobs_KeepCompletedHistory()
        => Assert.Empty(TaskReaperReconciler.Reconcile([ReplicatedJob(1, 1)], History(9), retentionLimit: 0).Decisions);
}
