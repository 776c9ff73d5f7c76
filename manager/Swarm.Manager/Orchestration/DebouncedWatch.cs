using Swarm.Store;
using Swarm.Store.Watch;

namespace Swarm.Manager.Orchestration;

/// <summary>
/// A store watch read in bursts: waits for an event or a wake-up time, then lets events settle for
/// <c>debounce</c> and hands back everything that arrived, so a loop acts once per burst of commits.
/// </summary>
internal sealed class DebouncedWatch : IDisposable
{
    private readonly StoreWatch watch;
    private readonly WatchReader reader;
    private readonly TimeProvider time;
    private readonly TimeSpan debounce;

    public DebouncedWatch(MemoryStore store, Func<StoreEvent, bool> filter, TimeProvider time, TimeSpan debounce)
    {
        watch = store.ViewAndWatch(filter);
        reader = new WatchReader(watch, time);
        this.time = time;
        this.debounce = debounce;
    }

    /// <summary>
    /// The next burst of events (commit markers left out; possibly none), or null when <paramref name="wakeAt"/>
    /// came first. Throws <see cref="WatchClosedException"/> when the watch was closed and events were lost.
    /// </summary>
    public async Task<IReadOnlyList<StoreEvent>?> NextAsync(DateTimeOffset? wakeAt, CancellationToken cancellationToken)
    {
        var timeout = wakeAt is { } at ? at - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        if (!await reader.WaitAsync(timeout, cancellationToken))
            return null;
        if (debounce > TimeSpan.Zero)
            await Task.Delay(debounce, time, cancellationToken);
        return reader.Drain().Where(e => e.Kind != EventKind.Commit).ToList();
    }

    public void Dispose() => watch.Dispose();
}
