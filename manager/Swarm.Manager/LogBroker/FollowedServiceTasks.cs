using Swarm.Api.Objects;
using Swarm.Store;
using Swarm.Store.Watch;

namespace Swarm.Manager.LogBroker;

/// <summary>
/// Keeps a followed service's subscription up to date, as SwarmKit's does: tasks placed after the reader came
/// (scale up, replacements of failed tasks, rolling updates) are asked for on their nodes as the store shows them.
/// </summary>
public static class FollowedServiceTasks
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(
        MemoryStore store, LogSubscriptions broker, LogSubscription subscription, IReadOnlySet<string> serviceIds,
        TimeProvider time, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var watch = store.ViewAndWatch(e => e.Object is SwarmTask task && serviceIds.Contains(task.ServiceId));
                // The snapshot covers whatever was placed between the reader's own look and this watch.
                Offer(broker, subscription, watch.Snapshot.Tasks.All().Where(t => serviceIds.Contains(t.ServiceId)));
                while (await watch.Events.WaitToReadAsync(cancellationToken))
                {
                    var changed = new List<SwarmTask>();
                    while (watch.Events.TryRead(out var e))
                    {
                        if (e.Object is SwarmTask task)
                            changed.Add(task);
                    }
                    Offer(broker, subscription, changed);
                }
            }
            catch (WatchClosedException)
            {
                // Fell behind: look again from a new snapshot (asking twice for a task is a no-op).
            }
            await Task.Delay(RetryDelay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static void Offer(LogSubscriptions broker, LogSubscription subscription, IEnumerable<SwarmTask> tasks)
    {
        foreach (var onNode in tasks.Where(t => LogSelection.Wanted(t, follow: true)).GroupBy(t => t.NodeId, StringComparer.Ordinal))
            broker.Extend(subscription, onNode.Key, onNode.Select(t => t.Id));
    }
}
