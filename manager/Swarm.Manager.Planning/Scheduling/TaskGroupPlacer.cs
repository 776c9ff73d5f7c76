using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// Places a group of pending tasks that share a service and spec version (so one filter pass and one spread tree
/// serve them all), updating the <see cref="NodeSet"/> as it goes so each task sees the ones placed before it.
/// Filters run once per node per group, then once more on each node that just took a task.
/// </summary>
public sealed class TaskGroupPlacer(Pipeline pipeline)
{
    public TaskGroupPlacer()
        : this(new Pipeline())
    {
    }

    /// <param name="group">Unassigned tasks of one service version, placed in the given order.</param>
    public SchedulingPlan Place(NodeSet nodes, IReadOnlyList<SwarmTask> group)
    {
        if (group.Count == 0)
            return SchedulingPlan.Empty;
        var first = group[0];
        var ranker = new NodeRanker(first.ServiceId, first.SpecVersion);
        pipeline.SetTask(first);
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var node in nodes.Nodes)
        {
            if (pipeline.Process(node))
                candidates.Add(node.Id, new Candidate(node, ranker, first.ServiceId));
        }

        var preferences = first.Spec.Placement?.SpreadPreferences ?? [];
        var tree = SpreadTree.Build(nodes, preferences, first.ServiceId, candidates);
        var assignments = new List<TaskAssignment>(group.Count);
        var placed = 0;
        for (; placed < group.Count && tree.NextLeaf() is { } leaf; placed++)
        {
            var node = leaf.Nodes.Min.Info;
            node.AddTask(group[placed]);
            assignments.Add(new TaskAssignment(group[placed].Id, node.Id));
            SpreadTree.Placed(leaf, pipeline.Process(node));
        }
        return new SchedulingPlan(assignments, Unplaced(nodes, group, placed));
    }

    /// <summary>Explains against the nodes as they are now, after this group's placements.</summary>
    private UnschedulableTask[] Unplaced(NodeSet nodes, IReadOnlyList<SwarmTask> group, int placed)
    {
        if (placed == group.Count)
            return [];
        pipeline.SetTask(group[placed]);
        foreach (var node in nodes.Nodes)
            pipeline.Process(node);
        var explanation = pipeline.ExplainNoSuitableNode();
        return group.Skip(placed).Select(t => new UnschedulableTask(t.Id, explanation)).ToArray();
    }
}
