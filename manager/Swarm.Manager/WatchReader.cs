using Swarm.Store.Watch;

namespace Swarm.Manager;

/// <summary>
/// Waits on a store watch with a timeout measured by the loop's clock. The pending read is kept across calls, so a
/// timeout never loses or doubles an event; a closed watch surfaces as <see cref="WatchClosedException"/>.
/// </summary>
internal sealed class WatchReader(StoreWatch watch, TimeProvider time)
{
    private Task<bool>? readable;

    /// <summary>True when events can be read; false once <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        readable ??= watch.Events.WaitToReadAsync(cancellationToken).AsTask();
        if (!readable.IsCompleted && timeout != Timeout.InfiniteTimeSpan)
        {
            using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, time, cancelDelay.Token);
            var first = await Task.WhenAny(readable, delay);
            await cancelDelay.CancelAsync();
            if (first != readable)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return false;
            }
        }
        var open = await readable;
        readable = null;
        return open ? true : throw new WatchClosedException("the store closed the watch");
    }

    /// <summary>Every event queued now, commit markers included.</summary>
    public IEnumerable<StoreEvent> Drain()
    {
        while (watch.Events.TryRead(out var e))
            yield return e;
    }
}
