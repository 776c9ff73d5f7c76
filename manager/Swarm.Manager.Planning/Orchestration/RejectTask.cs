namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// Mark a task's observed state REJECTED (the constraint enforcer does this when its node stops matching); the
/// restart supervisor then replaces it elsewhere.
/// </summary>
public sealed record RejectTask(string TaskId, string Message, string Err) : OrchestrationDecision
{
    internal override int Rank => 3;

    internal override string Key => TaskId;
}
