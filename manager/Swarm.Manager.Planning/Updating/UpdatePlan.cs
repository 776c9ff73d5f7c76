using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;

namespace Swarm.Manager.Planning.Updating;

/// <summary>
/// The next step of a rolling update: <see cref="Decisions"/> to apply in one transaction (sorted as in an
/// <see cref="OrchestrationPlan"/>), the <see cref="Service"/> to write back when its UpdateStatus changes or a
/// rollback starts (null: leave it), and when to run again if nothing in the store changes first.
/// </summary>
public sealed record UpdatePlan(
    IReadOnlyList<OrchestrationDecision> Decisions,
    Service? Service,
    bool StartsRollback,
    DateTimeOffset? NextWakeUp)
{
    public static UpdatePlan Idle { get; } = new([], null, false, null);
}
