using Swarm.Api.Objects;

namespace Swarm.Manager.Allocation;

/// <summary>
/// What a NEW task needs before the scheduler may place it. Today nothing: every wanted task goes straight to
/// PENDING. Network attachments (IPAM), published ports and VIPs belong here, in <see cref="Allocate"/>, which
/// the allocator loop calls inside its write transaction.
/// </summary>
internal static class TaskAllocation
{
    public const string PendingMessage = "pending task scheduling";

    /// <summary>
    /// NEW and still wanted. Desired COMPLETE counts as wanted (a job's tasks), as in
    /// <see cref="Swarm.Manager.Planning.Scheduling.SchedulingPlanner.IsSchedulable"/>.
    /// </summary>
    public static bool NeedsAllocation(SwarmTask task)
        => task.Status.State == TaskState.New && task.DesiredState <= TaskState.Complete;

    /// <summary>The task with its resources allocated, moved to PENDING.</summary>
    public static SwarmTask Allocate(SwarmTask task, DateTimeOffset now) => task with
    {
        Status = task.Status with { State = TaskState.Pending, Message = PendingMessage, Timestamp = now, Err = null },
    };
}
