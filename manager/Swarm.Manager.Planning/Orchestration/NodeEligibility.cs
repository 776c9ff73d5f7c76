using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>Node tests shared by the orchestrators (SwarmKit's orchestrator.InvalidNode and friends).</summary>
internal static class NodeEligibility
{
    /// <summary>A node that can keep no task: gone, down, or drained.</summary>
    public static bool IsInvalid(Node? node)
        => node is null || node.Status.State == NodeState.Down || node.Spec.Availability == NodeAvailability.Drain;

    public static IReadOnlyDictionary<string, Node> ById(IEnumerable<Node> nodes)
        => nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);

    public static Node? Find(this IReadOnlyDictionary<string, Node> nodes, string nodeId)
        => nodeId.Length > 0 && nodes.TryGetValue(nodeId, out var node) ? node : null;

    public static bool Matches(Func<Node, IReadOnlyList<string>, bool>? matches, Node node, IReadOnlyList<string> constraints)
        => constraints.Count == 0 || matches is null || matches(node, constraints);
}
