using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// SwarmKit's decision tree for placement preferences: one level per spread descriptor (node.labels.X or
/// engine.labels.X; other descriptors are ignored, as in SwarmKit), nodes without the label grouped under "".
/// Each task goes down the branch with the fewest tasks of the service at every level, then to the best node of
/// that leaf, so branches even out level by level. Built once per group in O(nodes); each placement costs
/// O(depth × log fan-out + log nodes).
/// </summary>
internal sealed class SpreadTree
{
    private readonly SpreadBranch root = new("", null);

    private SpreadTree()
    {
    }

    /// <param name="candidates">The nodes that passed the pipeline, by node id; other nodes only count tasks.</param>
    public static SpreadTree Build(
        NodeSet nodes, IReadOnlyList<string> preferences, string serviceId, IReadOnlyDictionary<string, Candidate> candidates)
    {
        var tree = new SpreadTree();
        foreach (var node in nodes.Nodes)
        {
            var serviceTasks = node.ActiveTasksOf(serviceId);
            var branch = tree.root;
            branch.ServiceTasks += serviceTasks;
            foreach (var preference in preferences)
            {
                if (ValueOf(node.Node, preference) is not { } value)
                    continue;
                branch = branch.Child(value);
                branch.ServiceTasks += serviceTasks;
            }
            if (candidates.TryGetValue(node.Id, out var candidate))
                branch.Nodes.Add(candidate);
        }
        Seal(tree.root);
        return tree;
    }

    /// <summary>The leaf whose best node takes the next task, or null when no eligible node is left.</summary>
    public SpreadBranch? NextLeaf()
    {
        if (root.IsExhausted)
            return null;
        var branch = root;
        while (branch.Children is not null)
            branch = branch.ChildHeap.Min;
        return branch;
    }

    /// <summary>Records a task placed on <paramref name="leaf"/>'s best node, which may have left the pipeline.</summary>
    public static void Placed(SpreadBranch leaf, bool stillEligible)
    {
        var node = leaf.Nodes.Min;
        node.Refresh();
        if (stillEligible)
            leaf.Nodes.Update(node);
        else
            leaf.Nodes.Remove(node);

        for (var branch = leaf; branch is not null; branch = branch.Parent)
        {
            branch.ServiceTasks++;
            if (branch.Parent is null || branch.HeapIndex < 0)
                continue;
            if (branch.IsExhausted)
                branch.Parent.ChildHeap.Remove(branch);
            else
                branch.Parent.ChildHeap.Update(branch);
        }
    }

    /// <summary>The branch value of a node for a descriptor; null when SwarmKit would skip the descriptor.</summary>
    internal static string? ValueOf(Node node, string descriptor)
    {
        if (Constraint.TryLabel(descriptor, Constraint.NodeLabelPrefix, out var label))
            return node.Spec.Labels.GetValueOrDefault(label) ?? "";
        if (Constraint.TryLabel(descriptor, Constraint.EngineLabelPrefix, out label))
            return node.Description?.EngineLabels.GetValueOrDefault(label) ?? "";
        return null;
    }

    /// <summary>Once every count is known, puts each non-exhausted child into its parent's heap, bottom up.</summary>
    private static void Seal(SpreadBranch branch)
    {
        if (branch.Children is null)
            return;
        foreach (var child in branch.Children.Values)
        {
            Seal(child);
            if (!child.IsExhausted)
                branch.ChildHeap.Add(child);
        }
    }
}
