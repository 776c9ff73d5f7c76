namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// One change an orchestration reconciler wants applied to the store. A thin loop applies a plan's decisions in one
/// transaction, in the plan's (deterministic) order.
/// </summary>
public abstract record OrchestrationDecision
{
    /// <summary>Groups decisions by kind in a plan: deletions first, creations last.</summary>
    internal abstract int Rank { get; }

    /// <summary>Orders decisions of one kind: the task id, or the slot/node a new task goes to.</summary>
    internal abstract string Key { get; }
}
