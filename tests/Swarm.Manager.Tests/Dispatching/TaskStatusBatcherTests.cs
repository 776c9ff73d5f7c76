using Swarm.Api.Objects;
using Swarm.Manager.Dispatching;
using Swarm.Store;

namespace Swarm.Manager.Tests.Dispatching;

/// <summary>Statuses from many agents gathered into few store transactions, forward moves only.</summary>
public sealed class TaskStatusBatcherTests
{
    private readonly MemoryStore store = new();

    [Fact]
    public async Task EnqueueAsync_ManyAgentsAtOnce_FewTransactions()
    {
        var tasks = Enumerable.Range(0, 500).Select(i => Assigned($"t{i}", $"n{i % 5}")).ToList();
        await store.BatchAsync(async b =>
        {
            foreach (var task in tasks)
                await b.UpdateAsync(tx => tx.Tasks.Create(task));
        });
        var batcher = new TaskStatusBatcher(store, TimeProvider.System, new DispatcherOptions { StatusBatchInterval = TimeSpan.FromMilliseconds(200) });
        var before = store.Version;

        await Task.WhenAll(tasks.GroupBy(t => t.NodeId).Select(node => batcher.EnqueueAsync(
            node.Key, node.Select(t => (t.Id, Status(TaskState.Running))).ToList(), CancellationToken.None)));

        Assert.All(tasks, t => Assert.Equal(TaskState.Running, store.Snapshot().Tasks.Get(t.Id)!.Status.State));
        // 500 changes at the store's 200 per transaction: three commits (four if a stalled thread split the
        // batch), not one per agent or per task.
        Assert.InRange(store.Version - before, 3UL, 4UL);
    }

    [Fact]
    public async Task EnqueueAsync_SameTaskTwiceInABatch_FurthestStateWins()
    {
        await store.UpdateAsync(tx => tx.Tasks.Create(Assigned("t1", "n1")));
        var batcher = new TaskStatusBatcher(store, TimeProvider.System, new DispatcherOptions { StatusBatchInterval = TimeSpan.FromMilliseconds(200) });

        await Task.WhenAll(
            batcher.EnqueueAsync("n1", [("t1", Status(TaskState.Running))], CancellationToken.None),
            batcher.EnqueueAsync("n1", [("t1", Status(TaskState.Preparing))], CancellationToken.None));

        Assert.Equal(TaskState.Running, store.Snapshot().Tasks.Get("t1")!.Status.State);
    }

    private static SwarmTask Assigned(string id, string node) => new()
    {
        Id = id, NodeId = node, DesiredState = TaskState.Running, Status = new SwarmTaskStatus { State = TaskState.Assigned },
    };

    private static SwarmTaskStatus Status(TaskState state) => new() { State = state, Timestamp = DateTimeOffset.UtcNow };
}
