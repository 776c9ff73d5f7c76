namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// A node that passed the pipeline for the group being placed, with its ranking keys cached so heap
/// comparisons need no dictionary look-ups. <see cref="Refresh"/> after each task placed on it.
/// </summary>
internal sealed class Candidate(NodeInfo info, NodeRanker ranker, string serviceId) : IHeapItem
{
    private readonly int penalty = ranker.Penalty(info);
    private int serviceTasks = info.ActiveTasksOf(serviceId);

    public NodeInfo Info { get; } = info;

    public int HeapIndex { get; set; } = -1;

    public void Refresh() => serviceTasks = Info.ActiveTasksOf(serviceId);

    public static int Compare(Candidate a, Candidate b)
        => NodeRanker.Compare(a.penalty, a.serviceTasks, a.Info, b.penalty, b.serviceTasks, b.Info);
}
