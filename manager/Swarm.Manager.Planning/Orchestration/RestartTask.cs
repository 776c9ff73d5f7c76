namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// Set the old task's desired state to SHUTDOWN and create <see cref="Replacement"/> (desired READY) in its slot or on
/// its node. The replacement is moved to RUNNING at <see cref="StartAt"/> at the earliest, once the old task stopped
/// (<see cref="DelayedStartReconciler"/> decides when).
/// </summary>
public sealed record RestartTask(string OldTaskId, CreateTask Replacement, DateTimeOffset StartAt) : OrchestrationDecision
{
    internal override int Rank => 4;

    internal override string Key => OldTaskId;
}
