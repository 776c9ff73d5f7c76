namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// What a reconciler decided: <see cref="Decisions"/> to apply in one transaction (sorted, so equal inputs give
/// equal plans), the <see cref="DirtySlots"/> whose tasks run an older spec and are left to the updater, and the
/// time at which the reconciler wants to run again (a restart delay ends), if any.
/// </summary>
public sealed record OrchestrationPlan(
    IReadOnlyList<OrchestrationDecision> Decisions,
    IReadOnlyList<TaskSlot> DirtySlots,
    DateTimeOffset? NextWakeUp)
{
    public static OrchestrationPlan Empty { get; } = new([], [], null);

    internal static OrchestrationPlan Create(
        IEnumerable<OrchestrationDecision> decisions,
        IEnumerable<TaskSlot>? dirtySlots = null,
        DateTimeOffset? nextWakeUp = null)
    {
        var sorted = decisions
            .OrderBy(d => d.Rank)
            .ThenBy(d => d.Key, StringComparer.Ordinal)
            .ToArray();
        var dirty = (dirtySlots ?? [])
            .OrderBy(s => s.Slot)
            .ThenBy(s => s.NodeId, StringComparer.Ordinal)
            .ToArray();
        return new OrchestrationPlan(sorted, dirty, nextWakeUp);
    }
}
