namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// One branch of a <see cref="SpreadTree"/>: the nodes sharing a value of each spread descriptor down to here.
/// An inner branch keeps its children in a heap by fewest service tasks (then value); a leaf keeps its eligible
/// nodes in a heap by <see cref="NodeRanker"/>. Exhausted branches (no eligible node left) leave their parent's heap.
/// </summary>
internal sealed class SpreadBranch(string value, SpreadBranch? parent) : IHeapItem
{
    public string Value { get; } = value;

    public SpreadBranch? Parent { get; } = parent;

    /// <summary>Active tasks of the service on every node of the branch, eligible or not (as SwarmKit counts).</summary>
    public int ServiceTasks { get; set; }

    public int HeapIndex { get; set; } = -1;

    /// <summary>Null on a leaf.</summary>
    public Dictionary<string, SpreadBranch>? Children { get; private set; }

    public IndexedHeap<SpreadBranch> ChildHeap { get; } = new(Compare);

    public IndexedHeap<Candidate> Nodes { get; } = new(Candidate.Compare);

    public bool IsExhausted => Children is null ? Nodes.Count == 0 : ChildHeap.Count == 0;

    public SpreadBranch Child(string childValue)
    {
        Children ??= new Dictionary<string, SpreadBranch>(StringComparer.Ordinal);
        if (!Children.TryGetValue(childValue, out var child))
        {
            child = new SpreadBranch(childValue, this);
            Children.Add(childValue, child);
        }
        return child;
    }

    public static int Compare(SpreadBranch a, SpreadBranch b)
        => a.ServiceTasks != b.ServiceTasks
            ? a.ServiceTasks.CompareTo(b.ServiceTasks)
            : string.CompareOrdinal(a.Value, b.Value);

    public override string ToString() => $"{Value} ({ServiceTasks} tasks)";
}
