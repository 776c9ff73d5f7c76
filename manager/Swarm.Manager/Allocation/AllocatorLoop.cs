using Microsoft.Extensions.Logging;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Allocation;
using Swarm.Store;
using Swarm.Store.Transactions;
using Swarm.Store.Watch;

namespace Swarm.Manager.Allocation;

/// <summary>
/// The leader's allocator: gives networks their subnet and VNI, services their VIPs and ingress ports, and NEW tasks
/// one address per network (then moves them to PENDING for the scheduler). It starts from
/// <see cref="NetworkAllocationState.Rebuild"/> of the store, follows the store's events, and frees what deleted
/// networks and services and stopped tasks held. Whenever a write fails, the in-memory state may have run ahead of
/// the store, so it is rebuilt from a fresh snapshot and the work is redone.
/// </summary>
public sealed partial class AllocatorLoop(MemoryStore store, TimeProvider time, ILogger<AllocatorLoop> logger) : ILeaderLoop
{
    /// <summary>Tasks written per round, so a burst of creations never holds the loop for long.</summary>
    internal const int MaxTasksPerRound = 1000;

    public Task RunAsync(CancellationToken cancellationToken)
        => LeaderLoop.RunAsync(WatchAsync, m => Log.WatchRestarted(logger, m), cancellationToken);

    private static bool IsRelevant(StoreEvent e)
        => e.ObjectKind is ObjectKind.Network or ObjectKind.Service or ObjectKind.Task;

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var watch = store.ViewAndWatch(IsRelevant);
        var state = Rebuild(watch.Snapshot);
        var work = AllocatorWork.From(watch.Snapshot);
        while (true)
        {
            while (watch.Events.TryRead(out var e))
                Observe(e, state, work);
            if (work.IsEmpty)
            {
                if (!await watch.Events.WaitToReadAsync(cancellationToken))
                    throw new WatchClosedException("the watch was closed");
                continue;
            }
            try
            {
                await RoundAsync(state, work, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                Log.RoundFailed(logger, error);
                var snapshot = store.Snapshot();
                state = Rebuild(snapshot);
                work.Reset(snapshot);
                await Task.Delay(RetryDelay, time, cancellationToken);
            }
        }
    }

    /// <summary>How long a failed round waits before the rebuilt state is tried again.</summary>
    internal static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    private static NetworkAllocationState Rebuild(ReadTransaction snapshot)
        => NetworkAllocationState.Rebuild(
            snapshot.Networks.All(), snapshot.Services.All(), snapshot.Tasks.All(), snapshot.Clusters.All().FirstOrDefault());

    /// <summary>Frees what a committed change gave up and queues what it asks for.</summary>
    private static void Observe(StoreEvent e, NetworkAllocationState state, AllocatorWork work)
    {
        switch (e.Object ?? e.Previous)
        {
            case Network network when e.Kind == EventKind.Delete:
                state.ReleaseNetwork(network.Id);
                work.RetryFailed();
                break;
            case Network network when network.Ipam is null:
                work.Networks.Add(network.Id);
                work.RetryFailed();
                break;
            case Service service when e.Kind == EventKind.Delete:
                state.ReleaseService(service);
                work.ServiceFailures.Remove(service.Id);
                work.RetryFailed();
                break;
            case Service service:
                work.Services.Add(service.Id);
                break;
            case SwarmTask task when e.Kind == EventKind.Delete || task.Status.State > TaskState.Running:
                if (e.Previous is SwarmTask { Status.State: <= TaskState.Running } before)
                {
                    state.ReleaseTask(before);
                    work.RetryFailed();
                }
                break;
            case SwarmTask task when TaskAllocation.NeedsAllocation(task):
                work.Tasks.Add(task.Id);
                break;
        }
    }
}
