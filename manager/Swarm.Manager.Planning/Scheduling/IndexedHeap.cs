namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// A binary min-heap whose items track their own index, so an item whose key changed can be re-sifted
/// (<see cref="Update"/>) or taken out (<see cref="Remove"/>) in O(log n). An item belongs to one heap at a time.
/// </summary>
internal sealed class IndexedHeap<T>(Comparison<T> compare) where T : class, IHeapItem
{
    private readonly List<T> items = [];

    public int Count => items.Count;

    public T Min => items[0];

    public void Add(T item)
    {
        item.HeapIndex = items.Count;
        items.Add(item);
        SiftUp(item.HeapIndex);
    }

    public void Update(T item)
    {
        if (!SiftUp(item.HeapIndex))
            SiftDown(item.HeapIndex);
    }

    public void Remove(T item)
    {
        var at = item.HeapIndex;
        var last = items.Count - 1;
        if (at != last)
        {
            Move(items[last], at);
            items.RemoveAt(last);
            Update(items[at]);
        }
        else
        {
            items.RemoveAt(last);
        }
        item.HeapIndex = -1;
    }

    private bool SiftUp(int at)
    {
        var item = items[at];
        var start = at;
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (compare(item, items[parent]) >= 0)
                break;
            Move(items[parent], at);
            at = parent;
        }
        Move(item, at);
        return at != start;
    }

    private void SiftDown(int at)
    {
        var item = items[at];
        var count = items.Count;
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= count)
                break;
            if (child + 1 < count && compare(items[child + 1], items[child]) < 0)
                child++;
            if (compare(items[child], item) >= 0)
                break;
            Move(items[child], at);
            at = child;
        }
        Move(item, at);
    }

    private void Move(T item, int at)
    {
        items[at] = item;
        item.HeapIndex = at;
    }
}
