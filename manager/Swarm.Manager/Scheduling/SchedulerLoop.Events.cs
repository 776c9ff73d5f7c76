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

    /// <summary>The watch's events, waited for with a timeout measured by the loop's clock.</summary>
    private sealed class EventWaiter(StoreWatch watch, TimeProvider time)
    {
        private Task<bool>? readable;

        /// <summary>True when events can be read; false after <paramref name="timeout"/>.</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            readable ??= watch.Events.WaitToReadAsync(cancellationToken).AsTask();
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(timeout, time, cancelDelay.Token);
                var first = await Task.WhenAny(readable, delay);
                await cancelDelay.CancelAsync();
                if (first != readable)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return false;
                }
            }
            var open = await readable;
            readable = null;
            return open ? true : throw new WatchClosedException("the watch was closed");
        }

        /// <summary>Reads every queued event; true if any of them is a trigger.</summary>
        public bool Drain(bool waiting)
        {
            var triggered = false;
            while (watch.Events.TryRead(out var e))
                triggered |= IsTrigger(e, waiting);
            return triggered;
        }
    }
}
