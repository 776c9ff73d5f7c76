using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// Groups a service's tasks into the places they fill: by slot for replicated kinds, by node for global kinds
/// (SwarmKit's SlotTuple). Groups come out in slot or node-id order, tasks in id order.
/// </summary>
internal static class SlotGrouping
{
    public static IReadOnlyList<TaskSlot> Group(ServiceKind kind, IEnumerable<SwarmTask> tasks)
        => kind.IsGlobal() ? ByNode(tasks) : BySlot(tasks);

    public static IReadOnlyList<TaskSlot> BySlot(IEnumerable<SwarmTask> tasks)
        => tasks.GroupBy(t => t.Slot)
            .OrderBy(g => g.Key)
            .Select(g => new TaskSlot(g.Key, "", Sorted(g)))
            .ToArray();

    public static IReadOnlyList<TaskSlot> ByNode(IEnumerable<SwarmTask> tasks)
        => tasks.GroupBy(t => t.NodeId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TaskSlot(0, g.Key, Sorted(g)))
            .ToArray();

    /// <summary>The tasks sharing <paramref name="task"/>'s place (itself included).</summary>
    public static IReadOnlyList<SwarmTask> SameTuple(ServiceKind kind, SwarmTask task, IEnumerable<SwarmTask> tasks)
        => tasks.Where(t => t.ServiceId == task.ServiceId
                && (kind.IsGlobal() ? t.NodeId == task.NodeId : t.Slot == task.Slot))
            .ToArray();

    private static SwarmTask[] Sorted(IEnumerable<SwarmTask> tasks) => tasks.OrderBy(t => t.Id, StringComparer.Ordinal).ToArray();
}
