using System.Threading.Channels;
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
    private readonly TimeProvider time;
    private readonly TimeSpan debounce;
    private Task<bool>? pendingRead;

    public DebouncedWatch(MemoryStore store, Func<StoreEvent, bool> filter, TimeProvider time, TimeSpan debounce)
    {
        watch = store.ViewAndWatch(filter);
        this.time = time;
        this.debounce = debounce;
    }

    /// <summary>
    /// The next burst of events (commit markers left out; possibly none), or null when <paramref name="wakeAt"/>
    /// came first. Throws <see cref="WatchClosedException"/> when the watch was closed and events were lost.
    /// </summary>
    public async Task<IReadOnlyList<StoreEvent>?> NextAsync(DateTimeOffset? wakeAt, CancellationToken cancellationToken)
    {
        pendingRead ??= watch.Events.WaitToReadAsync(cancellationToken).AsTask();
        if (!pendingRead.IsCompleted)
        {
            using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = wakeAt is { } at
                ? Task.Delay(Max(at - time.GetUtcNow(), TimeSpan.Zero), time, stopTimer.Token)
                : Task.Delay(Timeout.InfiniteTimeSpan, stopTimer.Token);
            var first = await Task.WhenAny(pendingRead, timer);
            await stopTimer.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            if (first == timer)
                return null;
        }

        var more = await pendingRead;
        pendingRead = null;
        if (!more)
            throw new WatchClosedException("the store closed the watch");
        if (debounce > TimeSpan.Zero)
            await Task.Delay(debounce, time, cancellationToken);

        var events = new List<StoreEvent>();
        while (watch.Events.TryRead(out var e))
        {
            if (e.Kind != EventKind.Commit)
                events.Add(e);
        }
        return events;
    }

    public void Dispose() => watch.Dispose();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
