using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// Starts restarted tasks (desired READY) once their restart delay has passed since they were created and the task
/// they replace has stopped (or its node is down or gone), or <see cref="OldTaskTimeout"/> after creation at the
/// latest: SwarmKit's DelayStart, derived from the store so a new leader resumes it (taskinit.CheckTasks).
/// </summary>
public static class DelayedStartReconciler
{
    /// <summary>How long a replacement waits for the old task to stop (SwarmKit's defaultOldTaskTimeout).</summary>
    public static readonly TimeSpan OldTaskTimeout = TimeSpan.FromMinutes(1);

    public static OrchestrationPlan Reconcile(
        Service service, IReadOnlyList<SwarmTask> tasks, IReadOnlyList<Node> nodes, DateTimeOffset now)
    {
        var kind = service.Kind();
        var byId = NodeEligibility.ById(nodes);
        var decisions = new List<OrchestrationDecision>();
        DateTimeOffset? wake = null;
        foreach (var task in tasks.Where(t => t.ServiceId == service.Id))
        {
            if (task.DesiredState != TaskState.Ready || task.Status.State > TaskState.Complete)
                continue;

            var old = Predecessor(kind, task, tasks);
            var oldNode = old is null ? null : byId.Find(old.NodeId);
            var delay = oldNode?.Spec.Availability == NodeAvailability.Drain
                ? TimeSpan.Zero
                : RestartReconciler.PolicyOf(task).Delay;
            var startAt = task.Meta.CreatedAt + delay;
            var giveUpAt = task.Meta.CreatedAt + OldTaskTimeout;
            var oldStopped = old is null
                || old.Status.State > TaskState.Running
                || oldNode is null
                || oldNode.Status.State == NodeState.Down;

            if (now >= startAt && (oldStopped || now >= giveUpAt))
            {
                decisions.Add(new StartTask(task.Id, kind.RunState()));
                continue;
            }
            // An old task stopping wakes the loop through the store; only the clocks need a timer.
            var next = now < startAt ? startAt : giveUpAt;
            wake = wake is null || next < wake ? next : wake;
        }
        return OrchestrationPlan.Create(decisions, nextWakeUp: wake);
    }

    /// <summary>The newest task of the same slot (or node) created before <paramref name="task"/>.</summary>
    private static SwarmTask? Predecessor(ServiceKind kind, SwarmTask task, IReadOnlyList<SwarmTask> tasks)
        => SlotGrouping.SameTuple(kind, task, tasks)
            .Where(t => t.Id != task.Id && t.Meta.CreatedAt <= task.Meta.CreatedAt)
            .OldestCreatedFirst()
            .LastOrDefault();
}
