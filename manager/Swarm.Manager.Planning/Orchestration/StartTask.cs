using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>Move a delayed task's desired state from READY to <see cref="DesiredState"/> (RUNNING, or COMPLETE for jobs).</summary>
public sealed record StartTask(string TaskId, TaskState DesiredState) : OrchestrationDecision
{
    internal override int Rank => 5;

    internal override string Key => TaskId;
}
