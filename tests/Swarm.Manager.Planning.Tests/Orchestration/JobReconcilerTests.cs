using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using static Swarm.Manager.Planning.Tests.Orchestration.OrchestrationFixtures;

namespace Swarm.Manager.Planning.Tests.Orchestration;

public class JobReconcilerTests
{
    [Fact]
    public void ReplicatedJob_Fresh_StartsMaxConcurrentTasksToComplete()
    {
        var plan = ReplicatedJobReconciler.Reconcile(ReplicatedJob(2, 5, specVersion: 3), []);

        var created = plan.Of<CreateTask>();
        Assert.Equal([1UL, 2UL], created.Select(c => c.Slot));
        Assert.All(created, c => Assert.Equal((TaskState.Complete, 3UL), (c.DesiredState, c.JobIteration)));
    }

    [Fact]
    public void ReplicatedJob_SomeCompleted_FillsUpToTotalCompletions()
    {
        SwarmTask[] tasks =
        [
            Task("a", slot: 1, state: TaskState.Complete, desired: TaskState.Complete, jobIteration: 1),
            Task("b", slot: 2, state: TaskState.Complete, desired: TaskState.Complete, jobIteration: 1),
            Task("c", slot: 3, desired: TaskState.Complete, jobIteration: 1),
        ];

        var plan = ReplicatedJobReconciler.Reconcile(ReplicatedJob(3, 4), tasks);

        Assert.Equal([4UL], plan.Of<CreateTask>().Select(c => c.Slot));
    }

    [Fact]
    public void ReplicatedJob_AllCompleted_NothingMore()
    {
        SwarmTask[] tasks = [Task("a", slot: 1, state: TaskState.Complete, desired: TaskState.Complete, jobIteration: 1)];

        Assert.Empty(ReplicatedJobReconciler.Reconcile(ReplicatedJob(null, null), tasks).Decisions);
    }

    [Fact]
    public void ReplicatedJob_FailedTaskOfIteration_CountsAsRunning()
    {
        SwarmTask[] tasks = [Task("a", slot: 1, state: TaskState.Failed, desired: TaskState.Complete, jobIteration: 1)];

        Assert.Empty(ReplicatedJobReconciler.Reconcile(ReplicatedJob(1, 2), tasks).Decisions);
    }

    [Fact]
    public void ReplicatedJob_NewIteration_RemovesOldRunningTasks()
    {
        SwarmTask[] tasks =
        [
            Task("old", slot: 1, desired: TaskState.Complete, jobIteration: 1),
            Task("done", slot: 2, state: TaskState.Complete, desired: TaskState.Complete, jobIteration: 1),
        ];

        var plan = ReplicatedJobReconciler.Reconcile(ReplicatedJob(1, 1, specVersion: 2), tasks);

        Assert.Equal(["old"], plan.Ids<RemoveTask>(r => r.TaskId));
        Assert.Equal((1UL, 2UL), (plan.Of<CreateTask>().Single().Slot, plan.Of<CreateTask>().Single().JobIteration));
    }

    [Fact]
    public void GlobalJob_OncePerReadyActiveNode()
    {
        Node[] nodes =
        [
            Node("n1"), Node("n2"), Node("n3", availability: NodeAvailability.Pause),
            Node("n4", state: NodeState.Unknown), Node("n5", matches: false),
        ];
        SwarmTask[] tasks = [Task("a", node: "n1", state: TaskState.Complete, desired: TaskState.Complete, jobIteration: 1)];

        var plan = GlobalJobReconciler.Reconcile(GlobalJob(), tasks, nodes, Matches);

        var created = Assert.Single(plan.Of<CreateTask>());
        Assert.Equal(("n2", TaskState.Complete), (created.NodeId, created.DesiredState));
    }

    [Fact]
    public void GlobalJob_DrainedNode_ShutsRunningTaskDown()
    {
        SwarmTask[] tasks = [Task("a", node: "n1", desired: TaskState.Complete, jobIteration: 1)];

        var plan = GlobalJobReconciler.Reconcile(GlobalJob(), tasks, [Node("n1", availability: NodeAvailability.Drain)]);

        Assert.Equal(["a"], plan.Ids<ShutdownTask>(s => s.TaskId));
    }

    [Fact]
    public void GlobalJob_NewIteration_RemovesOldTasksAndRunsAgain()
    {
        SwarmTask[] tasks = [Task("a", node: "n1", state: TaskState.Complete, desired: TaskState.Complete, jobIteration: 1)];

        var plan = GlobalJobReconciler.Reconcile(GlobalJob(specVersion: 2), tasks, [Node("n1")]);

        Assert.Equal(["a"], plan.Ids<RemoveTask>(r => r.TaskId));
        Assert.Equal("n1", plan.Of<CreateTask>().Single().NodeId);
    }
}
