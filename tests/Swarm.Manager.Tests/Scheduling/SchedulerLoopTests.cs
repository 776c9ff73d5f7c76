using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Swarm.Api.Objects;
using Swarm.Manager.Allocation;
using Swarm.Manager.Scheduling;
using Swarm.Store;
using Swarm.Testing;
using static Swarm.Manager.Tests.Scheduling.SchedulingFixtures;

namespace Swarm.Manager.Tests.Scheduling;

public sealed class SchedulerLoopTests
{
    [Fact]
    public async Task RunAsync_PendingTasksOnReadyNodes_AssignsEvenly()
    {
        var store = new MemoryStore();
        await store.AddAsync([Node("n1"), Node("n2"), Node("n3")], Tasks(6));
        await using var loops = new RunningLoops().Start(Scheduler(store).RunAsync);

        await Eventually.TrueAsync(() => store.AllTasks().All(t => t.Status.State == TaskState.Assigned), WaitLimit, "all tasks assigned");

        var tasks = store.AllTasks();
        Assert.All(tasks, t => Assert.Equal(SchedulerLoop.AssignedMessage, t.Status.Message));
        Assert.All(tasks.GroupBy(t => t.NodeId), g => Assert.Equal(2, g.Count()));
        Assert.Equal(["n1", "n2", "n3"], tasks.Select(t => t.NodeId).Distinct().Order());
    }

    [Fact]
    public async Task RunAsync_NoNodes_LeavesTaskPendingWithExplanation()
    {
        var store = new MemoryStore();
        await store.AddAsync([], [TestTask("t1")]);
        await using var loops = new RunningLoops().Start(Scheduler(store).RunAsync);

        await Eventually.TrueAsync(() => store.AllTasks()[0].Status.Err is not null, WaitLimit, "an explanation");

        var task = store.AllTasks()[0];
        Assert.Equal(TaskState.Pending, task.Status.State);
        Assert.Equal("", task.NodeId);
        Assert.StartsWith("no suitable node", task.Status.Err);
    }

    [Fact]
    public async Task RunAsync_NodeBecomesReadyLater_AssignsTask()
    {
        var store = new MemoryStore();
        await store.AddAsync([Node("n1", NodeState.Down)], [TestTask("t1")]);
        await using var loops = new RunningLoops().Start(Scheduler(store).RunAsync);
        await Eventually.TrueAsync(() => store.AllTasks()[0].Status.Err is not null, WaitLimit, "an explanation");
        Assert.Equal("no suitable node (1 node not available for new tasks)", store.AllTasks()[0].Status.Err);

        await store.UpdateAsync(tx => tx.Nodes.Update(tx.Nodes.Get("n1")! with { Status = new NodeStatus { State = NodeState.Ready } }));

        await Eventually.TrueAsync(() => store.AllTasks()[0].Status.State == TaskState.Assigned, WaitLimit, "the task assigned");
        var task = store.AllTasks()[0];
        Assert.Equal("n1", task.NodeId);
        Assert.Null(task.Status.Err);
    }

    [Fact]
    public async Task RunAsync_Constraint_PlacesOnlyOnMatchingNodes()
    {
        var store = new MemoryStore();
        var zoneA = new Dictionary<string, string> { ["zone"] = "a" };
        var zoneB = new Dictionary<string, string> { ["zone"] = "b" };
        var tasks = Enumerable.Range(1, 4).Select(i => TestTask($"t{i}", slot: (ulong)i, constraints: ["node.labels.zone==a"]));
        await store.AddAsync([Node("n1", labels: zoneB), Node("n2", labels: zoneA), Node("n3", labels: zoneB)], tasks);
        await using var loops = new RunningLoops().Start(Scheduler(store).RunAsync);

        await Eventually.TrueAsync(() => store.AllTasks().All(t => t.Status.State == TaskState.Assigned), WaitLimit, "all tasks assigned");
        Assert.All(store.AllTasks(), t => Assert.Equal("n2", t.NodeId));
    }

    [Fact]
    public async Task RunAsync_WithAllocator_NewTasksGoPendingThenAssigned()
    {
        var store = new MemoryStore();
        var allocator = new AllocatorLoop(store, TimeProvider.System, NullLogger<AllocatorLoop>.Instance);
        await store.AddAsync([Node("n1"), Node("n2")], Tasks(2, TaskState.New));
        await using var loops = new RunningLoops().Start(allocator.RunAsync).Start(Scheduler(store).RunAsync);

        await store.AddAsync([], [TestTask("late", TaskState.New, slot: 3)]);

        await Eventually.TrueAsync(() => store.AllTasks().All(t => t.Status.State == TaskState.Assigned), WaitLimit, "all tasks assigned");
        Assert.Equal(3, store.AllTasks().Length);
        Assert.All(store.AllTasks(), t => Assert.NotEqual("", t.NodeId));
    }

    [Fact]
    public async Task RunAsync_GlobalTasks_ValidatedOnTheirOwnNode()
    {
        var store = new MemoryStore();
        var onReady = TestTask("g1", slot: 0) with { NodeId = "n1" };
        var onDown = TestTask("g2", slot: 0) with { NodeId = "n2" };
        await store.AddAsync([Node("n1"), Node("n2", NodeState.Down)], [onReady, onDown]);
        await using var loops = new RunningLoops().Start(Scheduler(store).RunAsync);

        await Eventually.TrueAsync(() => store.Snapshot().Tasks.Get("g2")!.Status.Err is not null, WaitLimit, "g2 explained");
        var g1 = store.Snapshot().Tasks.Get("g1")!;
        Assert.Equal((TaskState.Assigned, "n1"), (g1.Status.State, g1.NodeId));
        var g2 = store.Snapshot().Tasks.Get("g2")!;
        Assert.Equal((TaskState.Pending, "n2"), (g2.Status.State, g2.NodeId));
        // As SwarmKit's taskFitNode: a global task carries the bare filter explanation, without "no suitable node".
        Assert.Equal("1 node not available for new tasks", g2.Status.Err);
    }

    [Fact]
    public async Task RunAsync_Debounced_AssignsOnlyAfterTheGapWithTimestampFromClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new MemoryStore(time: time);
        await store.AddAsync([Node("n1")], [TestTask("t1")]);
        await using var loops = new RunningLoops().Start(Scheduler(store, time).RunAsync);

        await Task.Delay(300);
        Assert.Equal(TaskState.Pending, store.AllTasks()[0].Status.State);

        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            return store.AllTasks()[0].Status.State == TaskState.Assigned;
        }, WaitLimit, "the task assigned");
        var timestamp = store.AllTasks()[0].Status.Timestamp;
        Assert.InRange(timestamp, time.Start + SchedulerLoop.DebounceGap, time.GetUtcNow());
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsPromptlyWithoutException()
    {
        var store = new MemoryStore();
        await store.AddAsync([], [TestTask("t1")]);
        using var leadership = new CancellationTokenSource();
        var loop = Task.Run(() => Scheduler(store).RunAsync(leadership.Token));
        try
        {
            await Eventually.TrueAsync(() => store.AllTasks()[0].Status.Err is not null, WaitLimit, "a first round");
        }
        finally
        {
            await leadership.CancelAsync();
        }

        await loop.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.True(loop.IsCompletedSuccessfully);
    }
}
