using Swarm.Api.Objects;

namespace Swarm.Manager.Allocation;

/// <summary>The task-side rules of the allocator: which tasks it takes, and how they look once allocated.</summary>
internal static class TaskAllocation
{
    public const string PendingMessage = "pending task scheduling";
    public const string FailedPrefix = "allocation failed: ";

    /// <summary>
    /// NEW and still wanted. Desired COMPLETE counts as wanted (a job's tasks), as in
    /// <see cref="Swarm.Manager.Planning.Scheduling.SchedulingPlanner.IsSchedulable"/>.
    /// </summary>
    public static bool NeedsAllocation(SwarmTask task)
        => task.Status.State == TaskState.New && task.DesiredState <= TaskState.Complete;

    /// <summary>The task with its addresses filled in, moved to PENDING.</summary>
    public static SwarmTask Pending(SwarmTask allocated, DateTimeOffset now) => allocated with
    {
        Status = allocated.Status with { State = TaskState.Pending, Message = PendingMessage, Timestamp = now, Err = null },
    };

    /// <summary>The task left NEW, saying why it waits (shown by `service ps`).</summary>
    public static SwarmTask Waiting(SwarmTask task, string reason, DateTimeOffset now) => task with
    {
        Status = task.Status with { Message = FailedPrefix + reason, Err = reason, Timestamp = now },
    };
}
