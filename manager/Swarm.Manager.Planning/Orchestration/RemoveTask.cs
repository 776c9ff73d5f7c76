namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// Set a task's desired state to REMOVE (scale down, old job iteration): the agent stops it and the reaper deletes
/// it as soon as it is terminal, without keeping it as history.
/// </summary>
public sealed record RemoveTask(string TaskId, string Reason) : OrchestrationDecision
{
    internal override int Rank => 1;

    internal override string Key => TaskId;
}
