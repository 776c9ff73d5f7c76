namespace Swarm.Manager.Planning.Orchestration;

/// <summary>Set a task's desired state to SHUTDOWN; its history stays until the reaper deletes it.</summary>
public sealed record ShutdownTask(string TaskId, string Reason) : OrchestrationDecision
{
    internal override int Rank => 2;

    internal override string Key => TaskId;
}
