namespace Swarm.Store.Watch;

/// <summary>The store's watchers. Publishing happens under the store's apply lock, so order is commit order.</summary>
internal sealed class WatchHub
{
    private readonly Lock gate = new();
    private StoreWatch[] watchers = [];

    public bool IsEmpty => Volatile.Read(ref watchers).Length == 0;

    public void Add(StoreWatch watch)
    {
        lock (gate)
            watchers = [.. watchers, watch];
    }

    public void Remove(StoreWatch watch)
    {
        lock (gate)
            watchers = watchers.Where(x => x != watch).ToArray();
    }

    public void Publish(IReadOnlyList<StoreEvent> events)
    {
        foreach (var watch in Volatile.Read(ref watchers))
        {
            foreach (var e in events)
                watch.Publish(e);
        }
    }

    public void CloseAll(Exception error)
    {
        StoreWatch[] closing;
        lock (gate)
            (closing, watchers) = (watchers, []);
        foreach (var watch in closing)
            watch.Close(error);
    }
}
