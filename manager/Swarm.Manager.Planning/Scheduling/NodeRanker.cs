namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// SwarmKit's nodeLess for one service version, best node first: (1) a node with at least
/// <see cref="MaxFailures"/> recent failures of this service version sorts after nodes with fewer; (2) fewest
/// active tasks of the service; (3) fewest active tasks in total; (4) node id, so equal nodes rank the same on
/// every run. No bin-packing and no resource scoring, as in Swarm.
/// </summary>
public sealed class NodeRanker(string serviceId, ulong specVersion) : IComparer<NodeInfo>
{
    /// <summary>SwarmKit's maxFailures (within <see cref="NodeSet.FailureWindow"/>).</summary>
    public const int MaxFailures = 5;

    public int Compare(NodeInfo? a, NodeInfo? b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Compare(Penalty(a), a.ActiveTasksOf(serviceId), a, Penalty(b), b.ActiveTasksOf(serviceId), b);
    }

    /// <summary>Below <see cref="MaxFailures"/> failures do not matter; above, more failures rank worse.</summary>
    public int Penalty(NodeInfo node)
    {
        var failures = node.RecentFailures(serviceId, specVersion);
        return failures >= MaxFailures ? failures : 0;
    }

    internal static int Compare(int penaltyA, int serviceTasksA, NodeInfo a, int penaltyB, int serviceTasksB, NodeInfo b)
    {
        if (penaltyA != penaltyB)
            return penaltyA < penaltyB ? -1 : 1;
        if (serviceTasksA != serviceTasksB)
            return serviceTasksA < serviceTasksB ? -1 : 1;
        if (a.ActiveTasks != b.ActiveTasks)
            return a.ActiveTasks < b.ActiveTasks ? -1 : 1;
        return a.Order.CompareTo(b.Order);
    }
}
