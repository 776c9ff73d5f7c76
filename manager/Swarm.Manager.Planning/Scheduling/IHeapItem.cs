namespace Swarm.Manager.Planning.Scheduling;

/// <summary>An item that knows its slot in an <see cref="IndexedHeap{T}"/>, so it can be re-sifted or removed in O(log n).</summary>
internal interface IHeapItem
{
    int HeapIndex { get; set; }
}
