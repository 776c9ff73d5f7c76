using Microsoft.Extensions.Logging;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using Swarm.Store;
using Swarm.Store.Watch;

namespace Swarm.Manager.Orchestration;

/// <summary>
/// The leader's service orchestrator: one loop for every service mode (SwarmKit runs one per mode). It watches
/// services, tasks and nodes, and after each burst of changes reconciles the services they touch (all of them when
/// it starts): restarts first, then the mode's reconciler and the delayed starts. Tasks of deleted services are set
/// to REMOVE. A service whose plan asks to be looked at again (a restart delay ends) gets a timer.
/// </summary>
public sealed partial class ServiceOrchestrator : ILeaderLoop
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a service whose pass failed (e.g. a write conflict) waits before it is tried again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly MemoryStore store;
    private readonly TimeProvider time;
    private readonly ILogger<ServiceOrchestrator> logger;
    private readonly TimeSpan debounce;
    private readonly DecisionWriter writer;

    public ServiceOrchestrator(
        MemoryStore store, TimeProvider time, ILogger<ServiceOrchestrator> logger, TimeSpan? debounce = null)
    {
        this.store = store;
        this.time = time;
        this.logger = logger;
        this.debounce = debounce ?? DefaultDebounce;
        writer = new DecisionWriter(store);
    }

    /// <summary>Runs until <paramref name="leadership"/> is cancelled, then returns.</summary>
    public Task RunAsync(CancellationToken leadership) => LeaderLoop.RunAsync(WatchAsync, LogWatchRestarted, leadership);

    private async Task WatchAsync(CancellationToken leadership)
    {
        using var watch = new DebouncedWatch(store, IsRelevant, time, debounce);
        var wakes = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var affected = AllServiceIds();
        LogStarted(affected.Count);
        while (true)
        {
            await ReconcileAsync(affected, wakes, leadership);
            var next = wakes.Count == 0 ? (DateTimeOffset?)null : wakes.Values.Min();
            var events = await watch.NextAsync(next, leadership);
            affected = events is null ? [] : Affected(events);
            affected.UnionWith(TakeDue(wakes));
        }
    }

    private static bool IsRelevant(StoreEvent e)
        => e.ObjectKind is ObjectKind.Service or ObjectKind.Task or ObjectKind.Node;

    private HashSet<string> AllServiceIds()
    {
        var snapshot = store.Snapshot();
        // Tasks whose service is gone count too, so a new leader finishes removing them.
        return snapshot.Services.All().Select(s => s.Id)
            .Concat(snapshot.Tasks.All().Select(t => t.ServiceId).Where(id => id.Length > 0))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The services a burst of events touches; a node change touches them all (global services, moves).</summary>
    private HashSet<string> Affected(IReadOnlyList<StoreEvent> events)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e.Object ?? e.Previous)
            {
                case Service service:
                    ids.Add(service.Id);
                    break;
                case SwarmTask task when task.ServiceId.Length > 0:
                    ids.Add(task.ServiceId);
                    break;
                case Node:
                    ids.UnionWith(store.Snapshot().Services.All().Select(s => s.Id));
                    break;
            }
        }
        return ids;
    }

    private IEnumerable<string> TakeDue(Dictionary<string, DateTimeOffset> wakes)
    {
        var now = time.GetUtcNow();
        var due = wakes.Where(w => w.Value <= now).Select(w => w.Key).ToArray();
        foreach (var id in due)
            wakes.Remove(id);
        return due;
    }
}
