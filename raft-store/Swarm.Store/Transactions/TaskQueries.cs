using Swarm.Api.Objects;
using Swarm.Store.Tables;

namespace Swarm.Store.Transactions;

/// <summary>The task lookups the control loops need, named for what they ask.</summary>
public static class TaskQueries
{
    public static IEnumerable<SwarmTask> ByService(this ReadTable<SwarmTask> tasks, string serviceId)
        => tasks.Find(Schema.TasksByService, serviceId);

    public static IEnumerable<SwarmTask> ByNode(this ReadTable<SwarmTask> tasks, string nodeId)
        => tasks.Find(Schema.TasksByNode, nodeId);

    public static IEnumerable<SwarmTask> BySlot(this ReadTable<SwarmTask> tasks, string serviceId, ulong slot)
        => tasks.Find(Schema.TasksBySlot, Schema.SlotKey(serviceId, slot));

    public static IEnumerable<SwarmTask> ByDesiredState(this ReadTable<SwarmTask> tasks, TaskState state)
        => tasks.Find(Schema.TasksByDesiredState, ((int)state).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static IEnumerable<Node> ByRole(this ReadTable<Node> nodes, NodeRole role)
        => nodes.Find(Schema.NodesByRole, role.ToString());
}
