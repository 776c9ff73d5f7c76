using Swarm.Api.Objects;

namespace Swarm.Agent.Tasks;

/// <summary>
/// Holds the observed statuses not yet acknowledged by a manager and sends them in batches. Only the newest status
/// of a task is kept (an older one is never sent after a newer one), and a status stays pending until a send that
/// carried it succeeds, so a failed send or a lost session loses nothing: the next session sends it again.
/// </summary>
internal sealed class StatusReporter(TimeProvider time, TimeSpan batchDelay, int maxBatch)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SwarmTaskStatus> pending = new(StringComparer.Ordinal);
    private TaskCompletionSource changed = NewSignal();

    public void Report(string taskId, SwarmTaskStatus status)
    {
        lock (gate)
        {
            if (pending.TryGetValue(taskId, out var queued) && queued.State > status.State)
                return;
            pending[taskId] = status;
            changed.TrySetResult();
        }
    }

    public int PendingCount
    {
        get
        {
            lock (gate)
                return pending.Count;
        }
    }

    /// <summary>
    /// Sends batches through <paramref name="send"/> until cancelled or a send fails (the exception ends the
    /// session; the statuses stay pending for the next one).
    /// </summary>
    public async Task RunAsync(
        Func<IReadOnlyList<KeyValuePair<string, SwarmTaskStatus>>, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            List<KeyValuePair<string, SwarmTaskStatus>> batch;
            lock (gate)
            {
                batch = pending.Take(maxBatch).ToList();
                if (batch.Count == 0)
                    changed = NewSignal();
                signal = changed.Task;
            }
            if (batch.Count == 0)
            {
                await signal.WaitAsync(cancellationToken);
                // Let the other changes of the same moment join this batch.
                await Task.Delay(batchDelay, time, cancellationToken);
                continue;
            }
            await send(batch, cancellationToken);
            Acknowledge(batch);
        }
    }

    private void Acknowledge(List<KeyValuePair<string, SwarmTaskStatus>> sent)
    {
        lock (gate)
        {
            foreach (var (taskId, status) in sent)
            {
                // A newer status reported while this batch was in flight stays pending.
                if (pending.TryGetValue(taskId, out var current) && ReferenceEquals(current, status))
                    pending.Remove(taskId);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
