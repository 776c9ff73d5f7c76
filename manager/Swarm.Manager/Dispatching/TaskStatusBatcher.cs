using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store;

namespace Swarm.Manager.Dispatching;

/// <summary>
/// Gathers observed task statuses from every agent for a short interval and writes them in as few transactions as
/// the store's limits allow. A status is applied only if the task is on the reporting node and the state moves
/// forward; anything else is stale and dropped. A caller's call completes once its statuses are committed.
/// </summary>
public sealed class TaskStatusBatcher(MemoryStore store, TimeProvider time, DispatcherOptions options)
{
    private const int MaxConflictRetries = 5;

    private readonly Lock gate = new();
    private Dictionary<string, Reported> pending = new(StringComparer.Ordinal);
    private TaskCompletionSource flushed = NewCompletion();
    private bool scheduled;

    public record struct Reported(string NodeId, SwarmTaskStatus Status);

    public Task EnqueueAsync(string nodeId, IEnumerable<(string TaskId, SwarmTaskStatus Status)> updates, CancellationToken cancellationToken)
    {
        Task done;
        lock (gate)
        {
            foreach (var (taskId, status) in updates)
            {
                // Two reports of one task in a batch: the further one wins.
                if (!pending.TryGetValue(taskId, out var earlier) || earlier.Status.State <= status.State)
                    pending[taskId] = new Reported(nodeId, status);
            }
            done = flushed.Task;
            if (!scheduled)
            {
                scheduled = true;
                _ = FlushLaterAsync();
            }
        }
        return done.WaitAsync(cancellationToken);
    }

    private async Task FlushLaterAsync()
    {
        await Task.Delay(options.StatusBatchInterval, time).ConfigureAwait(false);
        Dictionary<string, Reported> batch;
        TaskCompletionSource completion;
        lock (gate)
        {
            batch = pending;
            completion = flushed;
            pending = new(StringComparer.Ordinal);
            flushed = NewCompletion();
            scheduled = false;
        }
        try
        {
            await WriteAsync(batch);
            completion.SetResult();
        }
        catch (Exception error)
        {
            completion.SetException(error);
        }
    }

    private async Task WriteAsync(Dictionary<string, Reported> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Each update re-reads its task, so a retry after a conflict applies only what is still news.
                await store.BatchAsync(async b =>
                {
                    foreach (var (taskId, reported) in batch)
                        await b.UpdateAsync(tx => Apply(tx, taskId, reported));
                });
                return;
            }
            catch (VersionConflictException) when (attempt < MaxConflictRetries)
            {
            }
        }
    }

    internal static bool Apply(Swarm.Store.Transactions.WriteTransaction tx, string taskId, Reported reported)
    {
        var task = tx.Tasks.Get(taskId);
        if (task is null || task.NodeId != reported.NodeId || reported.Status.State <= task.Status.State)
            return false;
        tx.Tasks.Update(task with { Status = reported.Status });
        return true;
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
