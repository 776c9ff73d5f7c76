using Microsoft.Extensions.Time.Testing;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using static Swarm.Manager.Planning.Tests.Scheduling.TestCluster;

namespace Swarm.Manager.Planning.Tests.Scheduling;

public sealed class SchedulingPlannerTests
{
    private readonly FakeTimeProvider time = new(Now);

    [Fact]
    public void Plan_GlobalTaskOnFitNode_AssignedToItsNode()
    {
        var plan = SchedulingPlanner.Plan([Node("a"), Node("b")], [Task("g", node: "b")], time);

        Assert.Equal([new TaskAssignment("g", "b")], plan.Assignments);
    }

    [Fact]
    public void Plan_GlobalTaskOnUnfitNode_StaysPendingWithBareExplanation()
    {
        var plan = SchedulingPlanner.Plan(
            [Node("a", availability: NodeAvailability.Pause)], [Task("g", node: "a", memory: GiB)], time);

        Assert.Empty(plan.Assignments);
        Assert.Equal([new UnschedulableTask("g", "1 node not available for new tasks")], plan.Unschedulable);
    }

    [Fact]
    public void Plan_GlobalTaskForMissingNode_LeftAlone()
    {
        var plan = SchedulingPlanner.Plan([Node("a")], [Task("g", node: "gone")], time);

        Assert.Empty(plan.Assignments);
        Assert.Empty(plan.Unschedulable);
    }

    [Fact]
    public void Plan_GlobalTasksFirst_TheirReservationsCountForReplicas()
    {
        var plan = SchedulingPlanner.Plan(
            [Node("a", memory: 2 * GiB)],
            [Task("r", service: "aaa", memory: 2 * GiB), Task("g", service: "zzz", node: "a", memory: 2 * GiB)],
            time);

        Assert.Equal([new TaskAssignment("g", "a")], plan.Assignments);
        Assert.Equal("no suitable node (insufficient resources on 1 node)", Assert.Single(plan.Unschedulable).Explanation);
    }

    [Fact]
    public void Plan_OnlyPendingWantedTasks_Scheduled()
    {
        var tasks = new[]
        {
            Task("new", state: TaskState.New),
            Task("gone", desired: TaskState.Shutdown),
            Task("removed", desired: TaskState.Remove),
            Task("want"),
        };

        var plan = SchedulingPlanner.Plan([Node("a")], tasks, time);

        Assert.Equal([new TaskAssignment("want", "a")], plan.Assignments);
    }

    [Fact]
    public void Plan_TwoServices_SecondSeesFirstsPlacements()
    {
        var tasks = Tasks(2, "s1").Concat(Tasks(2, "s2")).ToArray();

        var plan = SchedulingPlanner.Plan([Node("a"), Node("b"), Node("c"), Node("d")], tasks, time);

        // s1 takes a and b; s2 ties on its own count, so fewest total tasks sends it to c and d.
        Assert.Equal(["a", "b", "c", "d"], plan.Assignments.Select(a => a.NodeId));
    }

    [Fact]
    public void Plan_SpecVersionsAreSeparateGroups_FailuresCountPerVersion()
    {
        var failures = Enumerable.Range(0, 5)
            .Select(i => Task($"f{i}", node: "a", state: TaskState.Failed, timestamp: Now.AddMinutes(-1)));
        var tasks = failures.Append(Task("v1", slot: 1)).Append(Task("v2", slot: 2, specVersion: 2)).ToArray();

        var plan = SchedulingPlanner.Plan([Node("a"), Node("b")], tasks, time);

        // v1 avoids a (5 failures of version 1); v2 sees no failures and goes to the emptier a.
        Assert.Equal([new TaskAssignment("v1", "b"), new TaskAssignment("v2", "a")], plan.Assignments);
    }

    [Fact]
    public void Plan_FailuresOlderThanWindow_NoPenalty()
    {
        var failures = Enumerable.Range(0, 5)
            .Select(i => Task($"f{i}", node: "a", state: TaskState.Failed, timestamp: Now));
        time.Advance(TimeSpan.FromMinutes(6));

        var plan = SchedulingPlanner.Plan([Node("a"), Node("b")], [.. failures, Task("r", node: "b", state: TaskState.Running), Task("t")], time);

        Assert.Equal([new TaskAssignment("t", "a")], plan.Assignments);
    }

    [Fact]
    public void Plan_SameSnapshotInAnyOrder_SamePlan()
    {
        var nodes = Enumerable.Range(0, 20)
            .Select(i => Node($"n{i:D2}", labels: Labels(("zone", $"z{i % 3}")))).ToArray();
        var tasks = Tasks(50, "web", (id, slot) => Task(id, "web", slot, spread: ["node.labels.zone"]))
            .Concat(Tasks(30, "db", (id, slot) => Task(id, "db", slot, memory: GiB)))
            .ToArray();

        var first = SchedulingPlanner.Plan(nodes, tasks, time);
        var second = SchedulingPlanner.Plan(nodes.Reverse().ToArray(), tasks.Reverse().ToArray(), time);

        Assert.Equal(80, first.Assignments.Count);
        Assert.Equal(first.Assignments, second.Assignments);
    }

    [Fact]
    public void Plan_NoNodes_NoSuitableNode()
    {
        var plan = SchedulingPlanner.Plan([], [Task("t")], time);

        Assert.Equal([new UnschedulableTask("t", "no suitable node")], plan.Unschedulable);
    }
}
