using Microsoft.Extensions.Logging;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store;
using Swarm.Store.Watch;

namespace Swarm.Manager.Allocation;

/// <summary>
/// Moves NEW tasks to PENDING once <see cref="TaskAllocation"/> has given them what they need. Runs on the leader
/// only (the token is leadership); reads the store's snapshot, then its events, and writes from
/// <see cref="AllocateAsync"/> alone.
/// </summary>
public sealed partial class TaskAllocatorLoop(MemoryStore store, TimeProvider time, ILogger<TaskAllocatorLoop> logger) : ILeaderLoop
{
    /// <summary>Tasks written per round, so a burst of creations never holds the loop for long.</summary>
    internal const int MaxTasksPerRound = 1000;

    public Task RunAsync(CancellationToken cancellationToken) => LeaderLoop.RunAsync(WatchAsync, m => Log.WatchRestarted(logger, m), cancellationToken);

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var watch = store.ViewAndWatch(e => e.ObjectKind == ObjectKind.Task && e.Object is SwarmTask);
        // Ids of tasks to look at: rebuilt from the snapshot, then fed by events; each is re-read when written.
        var queue = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in watch.Snapshot.Tasks.All())
        {
            if (TaskAllocation.NeedsAllocation(task))
                queue.Add(task.Id);
        }

        while (true)
        {
            while (watch.Events.TryRead(out var e))
            {
                if (e.Object is SwarmTask task && TaskAllocation.NeedsAllocation(task))
                    queue.Add(task.Id);
            }
            if (queue.Count == 0)
            {
                if (!await watch.Events.WaitToReadAsync(cancellationToken))
                    throw new WatchClosedException("the watch was closed");
                continue;
            }
            var round = queue.Take(MaxTasksPerRound).ToArray();
            if (await AllocateAsync(round, cancellationToken))
                queue.ExceptWith(round);
        }
    }

    /// <summary>
    /// The loop's only write. Each task is re-read in the transaction and left alone if it no longer needs
    /// allocation. Returns false when a transaction lost a race (its tasks are then tried again).
    /// </summary>
    private async Task<bool> AllocateAsync(IReadOnlyList<string> taskIds, CancellationToken cancellationToken)
    {
        var allocated = 0;
        try
        {
            await store.BatchAsync(async batch =>
            {
                foreach (var id in taskIds)
                {
                    await batch.UpdateAsync(tx =>
                    {
                        if (tx.Tasks.Get(id) is not { } task || !TaskAllocation.NeedsAllocation(task))
                            return;
                        tx.Tasks.Update(TaskAllocation.Allocate(task, time.GetUtcNow()));
                        allocated++;
                    });
                }
            }, cancellationToken);
        }
        catch (VersionConflictException conflict)
        {
            Log.AllocationConflict(logger, conflict.Message);
            return false;
        }
        if (allocated > 0)
            Log.Allocated(logger, allocated);
        return true;
    }
}
