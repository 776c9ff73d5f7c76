using Swarm.Api.Objects;
using Swarm.Store;
using Swarm.Store.Watch;

namespace Swarm.Manager.Orchestration;

/// <summary>
/// The watch shared by the loops that reconcile service by service (orchestrator, updater): a first pass over every
/// service, then after each burst of changes a pass over the services it touched, plus the services whose own timer
/// (a restart delay, an update delay) came due. A pass records in <see cref="Wakes"/> when a service wants another.
/// </summary>
internal sealed class ServiceWatch(MemoryStore store, TimeProvider time, TimeSpan debounce)
{
    public delegate Task PassAsync(HashSet<string> serviceIds, Wakes wakes, CancellationToken cancellationToken);

    public async Task RunAsync(PassAsync pass, Action<int> started, CancellationToken leadership)
    {
        using var watch = new DebouncedWatch(store, IsRelevant, time, debounce);
        var wakes = new Wakes(time);
        var affected = AllServiceIds();
        started(affected.Count);
        while (true)
        {
            await pass(affected, wakes, leadership);
            var events = await watch.NextAsync(wakes.Earliest, leadership);
            affected = events is null ? [] : Affected(events);
            affected.UnionWith(wakes.TakeDue());
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
}

/// <summary>When each service wants to be looked at again although nothing in the store changed.</summary>
internal sealed class Wakes(TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> at = new(StringComparer.Ordinal);

    public DateTimeOffset? Earliest => at.Count == 0 ? null : at.Values.Min();

    /// <summary>Sets (or, with null, clears) the service's wake-up.</summary>
    public void Set(string serviceId, DateTimeOffset? wakeAt)
    {
        if (wakeAt is { } wake)
            at[serviceId] = wake;
        else
            at.Remove(serviceId);
    }

    /// <summary>A pass that failed (e.g. a write conflict) is tried again after <paramref name="delay"/>.</summary>
    public void Retry(IEnumerable<string> serviceIds, TimeSpan delay)
    {
        var retryAt = time.GetUtcNow() + delay;
        foreach (var id in serviceIds)
            at[id] = retryAt;
    }

    public IReadOnlyList<string> TakeDue()
    {
        var now = time.GetUtcNow();
        var due = at.Where(w => w.Value <= now).Select(w => w.Key).ToArray();
        foreach (var id in due)
            at.Remove(id);
        return due;
    }

    public static DateTimeOffset? EarliestOf(DateTimeOffset? a, DateTimeOffset? b)
        => a is null ? b : b is null ? a : a < b ? a : b;
}
