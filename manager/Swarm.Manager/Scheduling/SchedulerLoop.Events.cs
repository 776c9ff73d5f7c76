using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using Swarm.Store.Watch;

namespace Swarm.Manager.Scheduling;

public sealed partial class SchedulerLoop
{
    /// <summary>
    /// Whether an event can change what a round would decide: a task became (or is still) schedulable, or, while
    /// tasks wait for a node, a node changed or a task freed its node. An update that only sets a pending task's
    /// error is the scheduler's own and changes nothing.
    /// </summary>
    internal static bool IsTrigger(StoreEvent e, bool waiting) => e switch
    {
        { Kind: EventKind.Commit } => false,
        { ObjectKind: ObjectKind.Node } => waiting,
        { Object: SwarmTask task } when SchedulingPlanner.IsSchedulable(task) => !OnlyErrChanged(e.Previous as SwarmTask, task),
        { Previous: SwarmTask before } when waiting && Occupies(before) =>
            e.Object is not SwarmTask after || !Occupies(after) || after.NodeId != before.NodeId,
        _ => false,
    };

    private static bool Occupies(SwarmTask task) => task.Status.State is >= TaskState.Assigned and <= TaskState.Running;

    private static bool OnlyErrChanged(SwarmTask? before, SwarmTask after)
        => before is not null && SchedulingPlanner.IsSchedulable(before)
           && before with { Meta = after.Meta, Status = before.Status with { Err = after.Status.Err } } == after;

    /// <summary>Reads every queued event; true if any of them is a trigger.</summary>
    private static bool DrainTriggers(WatchReader events, bool waiting)
        => events.Drain().Aggregate(false, (triggered, e) => IsTrigger(e, waiting) | triggered);
}
