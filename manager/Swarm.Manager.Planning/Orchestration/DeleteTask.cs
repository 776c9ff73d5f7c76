namespace Swarm.Manager.Planning.Orchestration;

/// <summary>Delete a task from the store (reaped history, tasks of dead slots).</summary>
public sealed record DeleteTask(string TaskId, string Reason) : OrchestrationDecision
{
    internal override int Rank => 0;

    internal override string Key => TaskId;
}
