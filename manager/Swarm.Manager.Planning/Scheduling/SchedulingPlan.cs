namespace Swarm.Manager.Planning.Scheduling;

/// <summary>What one scheduling pass decided; the scheduler loop writes it in one batch.</summary>
public sealed record SchedulingPlan(IReadOnlyList<TaskAssignment> Assignments, IReadOnlyList<UnschedulableTask> Unschedulable)
{
    public static readonly SchedulingPlan Empty = new([], []);
}
