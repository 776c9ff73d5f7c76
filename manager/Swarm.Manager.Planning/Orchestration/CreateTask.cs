using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// Create a NEW task for a slot (replicated, replicated job; <see cref="NodeId"/> empty) or a node (global, global
/// job; <see cref="Slot"/> 0) from the service's current spec.
/// </summary>
public sealed record CreateTask(
    string ServiceId, ulong Slot, string NodeId, ulong SpecVersion, TaskState DesiredState, ulong JobIteration = 0)
    : OrchestrationDecision
{
    internal override int Rank => 6;

    internal override string Key => $"{ServiceId}/{Slot:D20}/{NodeId}";
}
