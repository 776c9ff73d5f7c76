using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>Deterministic task orders: by last status change (SwarmKit's TasksByTimestamp) and by creation.</summary>
internal static class TaskOrdering
{
    public static IOrderedEnumerable<SwarmTask> OldestStatusFirst(this IEnumerable<SwarmTask> tasks)
        => tasks.OrderBy(t => t.Status.Timestamp)
            .ThenBy(t => t.Meta.CreatedAt)
            .ThenBy(t => t.Id, StringComparer.Ordinal);

    public static IOrderedEnumerable<SwarmTask> OldestCreatedFirst(this IEnumerable<SwarmTask> tasks)
        => tasks.OrderBy(t => t.Meta.CreatedAt)
            .ThenBy(t => t.Id, StringComparer.Ordinal);

    public static SwarmTask NewestStatus(this IEnumerable<SwarmTask> tasks) => tasks.OldestStatusFirst().Last();
}
