using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Objects;
using Swarm.Manager.Allocation;
using Swarm.Manager.Tests.Scheduling;
using Swarm.Store;
using Swarm.Testing;

namespace Swarm.Manager.Tests.Allocation;

public sealed class AllocatorLoopTaskTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static SwarmTask NewTask(string id, TaskState desired = TaskState.Running, TaskState state = TaskState.New)
        => new() { Id = id, ServiceId = "svc", DesiredState = desired, Status = new SwarmTaskStatus { State = state } };

    private static AllocatorLoop Allocator(MemoryStore store)
        => new(store, TimeProvider.System, NullLogger<AllocatorLoop>.Instance);

    private static SwarmTask Get(MemoryStore store, string id) => store.Snapshot().Tasks.Get(id)!;

    [Fact]
    public async Task RunAsync_NewTasksInSnapshotAndLater_MovesThemToPending()
    {
        var store = new MemoryStore();
        await store.AddAsync([], [NewTask("before"), NewTask("job", TaskState.Complete)]);
        await using var loops = new RunningLoops().Start(Allocator(store).RunAsync);

        await store.AddAsync([], [NewTask("after")]);

        await Eventually.TrueAsync(() => store.AllTasks().All(t => t.Status.State == TaskState.Pending), Timeout, "all tasks pending");
        Assert.All(store.AllTasks(), t => Assert.Equal(TaskAllocation.PendingMessage, t.Status.Message));
    }

    [Fact]
    public async Task RunAsync_UnwantedOrStartedTasks_AreLeftAlone()
    {
        var store = new MemoryStore();
        await store.AddAsync([], [NewTask("removed", TaskState.Remove), NewTask("running", state: TaskState.Running)]);
        var version = store.Version;
        await using var loops = new RunningLoops().Start(Allocator(store).RunAsync);

        await store.AddAsync([], [NewTask("marker")]);

        await Eventually.TrueAsync(() => Get(store, "marker").Status.State == TaskState.Pending, Timeout, "the marker pending");
        Assert.Equal(TaskState.New, Get(store, "removed").Status.State);
        Assert.True(Get(store, "removed").Meta.Version <= version);
        Assert.True(Get(store, "running").Meta.Version <= version);
    }

    [Fact]
    public async Task RunAsync_ManyTasks_AllocatesThemAllInBoundedRounds()
    {
        var store = new MemoryStore();
        var tasks = Enumerable.Range(0, AllocatorLoop.MaxTasksPerRound + 500).Select(i => NewTask($"t{i:D5}")).ToArray();
        foreach (var chunk in tasks.Chunk(200))
            await store.AddAsync([], chunk);
        await using var loops = new RunningLoops().Start(Allocator(store).RunAsync);

        await Eventually.TrueAsync(() => store.AllTasks().All(t => t.Status.State == TaskState.Pending), Timeout, "all tasks pending");
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsPromptlyWithoutException()
    {
        var store = new MemoryStore();
        using var leadership = new CancellationTokenSource();
        var loop = Task.Run(() => Allocator(store).RunAsync(leadership.Token));
        try
        {
            await store.AddAsync([], [NewTask("t1")]);
            await Eventually.TrueAsync(() => Get(store, "t1").Status.State == TaskState.Pending, Timeout, "the task pending");
        }
        finally
        {
            await leadership.CancelAsync();
        }

        await loop.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.True(loop.IsCompletedSuccessfully);
    }
}
