using System.Threading.Channels;
using Swarm.Store.Transactions;

namespace Swarm.Store.Watch;

/// <summary>
/// A snapshot of the store and every committed event after it: never one more, never one less. Dispose to stop.
/// </summary>
public sealed class StoreWatch : IDisposable
{
    // Not SingleReader: the single-consumer channel cannot count its items, and Publish needs the count.
    private readonly Channel<StoreEvent> channel = Channel.CreateUnbounded<StoreEvent>(
        new UnboundedChannelOptions { SingleWriter = true });
    private readonly Func<StoreEvent, bool>? filter;
    private readonly int limit;
    private readonly Action<StoreWatch> unsubscribe;

    internal StoreWatch(ReadTransaction snapshot, Func<StoreEvent, bool>? filter, int limit, Action<StoreWatch> unsubscribe)
    {
        Snapshot = snapshot;
        this.filter = filter;
        this.limit = limit;
        this.unsubscribe = unsubscribe;
    }

    /// <summary>The store as it was just before the first event of <see cref="Events"/>.</summary>
    public ReadTransaction Snapshot { get; }

    public ChannelReader<StoreEvent> Events => channel.Reader;

    /// <summary>Called by the store, in commit order, under its apply lock.</summary>
    internal void Publish(StoreEvent e)
    {
        if (filter is not null && e.Kind != EventKind.Commit)
        {
            bool wanted;
            try
            {
                wanted = filter(e);
            }
            catch (Exception error)
            {
                // The filter runs under the store's apply lock: its failure must end this watch, not the commit.
                unsubscribe(this);
                Close(error);
                return;
            }
            if (!wanted)
                return;
        }
        if (channel.Reader.Count >= limit)
        {
            // Unregister at once: an abandoned reader must not keep the store's events alive.
            unsubscribe(this);
            Close(new WatchClosedException($"watcher fell more than {limit} events behind"));
            return;
        }
        channel.Writer.TryWrite(e);
    }

    internal void Close(Exception? error) => channel.Writer.TryComplete(error);

    public void Dispose()
    {
        unsubscribe(this);
        channel.Writer.TryComplete();
    }
}
