using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// Every node of a snapshot as a <see cref="NodeInfo"/>, in node-id order. Which tasks count follows SwarmKit's
/// scheduler: a task occupies its node from ASSIGNED through RUNNING (a PENDING task with a node is a global
/// task still waiting for validation and occupies nothing yet); FAILED and REJECTED tasks within
/// <see cref="FailureWindow"/> count as recent failures of their service version on that node.
/// </summary>
public sealed class NodeSet
{
    /// <summary>SwarmKit's monitorFailures.</summary>
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, NodeInfo> byId;

    private NodeSet(NodeInfo[] nodes)
    {
        Nodes = nodes;
        byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<NodeInfo> Nodes { get; }

    public NodeInfo? Find(string nodeId) => byId.GetValueOrDefault(nodeId);

    public static NodeSet Build(IEnumerable<Node> nodes, IEnumerable<SwarmTask> tasks, DateTimeOffset now)
    {
        var ordered = nodes.OrderBy(n => n.Id, StringComparer.Ordinal).ToArray();
        var set = new NodeSet(ordered.Select((n, i) => new NodeInfo(n, i)).ToArray());
        foreach (var task in tasks)
        {
            if (task.NodeId.Length == 0 || set.Find(task.NodeId) is not { } info)
                continue;
            if (task.Status.State is >= TaskState.Assigned and <= TaskState.Running)
                info.AddTask(task);
            else if (task.Status.State is TaskState.Failed or TaskState.Rejected
                     && now - task.Status.Timestamp <= FailureWindow)
                info.AddFailure(task.ServiceId, task.SpecVersion);
        }
        return set;
    }
}
