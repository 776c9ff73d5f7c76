using Swarm.Manager.Planning.Scheduling;

namespace Swarm.Manager.Planning.Tests.Scheduling;

public sealed class IndexedHeapTests
{
    private sealed class Item(int key) : IHeapItem
    {
        public int Key { get; set; } = key;

        public int HeapIndex { get; set; } = -1;
    }

    [Fact]
    public void UpdateAndRemove_RandomOperations_MinAlwaysSmallest()
    {
        var random = new Random(42);
        var heap = new IndexedHeap<Item>((a, b) => a.Key.CompareTo(b.Key));
        var live = new List<Item>();
        for (var step = 0; step < 5000; step++)
        {
            var roll = random.Next(4);
            if (roll == 0 || live.Count == 0)
            {
                var item = new Item(random.Next(1000));
                heap.Add(item);
                live.Add(item);
            }
            else if (roll == 1)
            {
                var item = live[random.Next(live.Count)];
                heap.Remove(item);
                live.Remove(item);
                Assert.Equal(-1, item.HeapIndex);
            }
            else
            {
                var item = live[random.Next(live.Count)];
                item.Key = random.Next(1000);
                heap.Update(item);
            }
            Assert.Equal(live.Count, heap.Count);
            if (live.Count > 0)
                Assert.Equal(live.Min(i => i.Key), heap.Min.Key);
        }
    }
}
