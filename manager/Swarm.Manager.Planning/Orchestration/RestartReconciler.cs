using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// The restart supervisor (SwarmKit's restart.Supervisor) as a pure function: for every task that stopped while
/// still desired to run, either restart it (shut the old task down, create a READY replacement in its slot or on
/// its node, started after the restart delay) or just shut it down when the restart policy says no.
/// <code>
/// Condition   COMPLETE (exit 0)   FAILED / REJECTED / SHUTDOWN
/// none        shut down           shut down
/// on-failure  shut down           restart
/// any         restart (jobs: no)  restart
/// </code>
/// MaxAttempts counts the restarts of the slot (node, for global) at the failed task's spec version, over all time
/// (Window 0) or within Window before the failure. Restart history is read from the tasks themselves, so it survives a
/// leader change; the task reaper keeps MaxAttempts+1 tasks per slot for this.
/// </summary>
public static class RestartReconciler
{
    public static OrchestrationPlan Reconcile(
        Service service,
        IReadOnlyList<SwarmTask> tasks,
        IReadOnlyList<Node> nodes,
        DateTimeOffset now,
        Func<Node, IReadOnlyList<string>, bool>? matches = null)
    {
        var kind = service.Kind();
        var byId = NodeEligibility.ById(nodes);
        var decisions = new List<OrchestrationDecision>();
        foreach (var task in tasks.Where(t => t.ServiceId == service.Id))
        {
            var node = byId.Find(task.NodeId);
            if (!NeedsRestart(service, kind, task, node))
                continue;
            if (kind.IsGlobal() && !CanStayOn(service, node, matches))
            {
                decisions.Add(new ShutdownTask(task.Id, "node no longer eligible for this global service"));
                continue;
            }
            decisions.Add(Decide(service, task, SlotGrouping.SameTuple(kind, task, tasks), node, now));
        }
        return OrchestrationPlan.Create(decisions);
    }

    /// <summary>The decision for one stopped task: a restart, or a shutdown when the policy forbids one.</summary>
    public static OrchestrationDecision Decide(
        Service service, SwarmTask task, IReadOnlyList<SwarmTask> tupleTasks, Node? node, DateTimeOffset now)
    {
        var kind = service.Kind();
        if (!ShouldRestart(kind, task, tupleTasks))
            return new ShutdownTask(task.Id, "restart policy: not restarting");

        var replacement = new CreateTask(
            service.Id,
            kind.IsGlobal() ? 0 : task.Slot,
            kind.IsGlobal() ? task.NodeId : "",
            service.SpecVersion,
            TaskState.Ready,
            service.JobIteration());
        // Like SwarmKit, tasks leaving a drained node are replaced at once.
        var delay = node?.Spec.Availability == NodeAvailability.Drain ? TimeSpan.Zero : PolicyOf(task).Delay;
        return new RestartTask(task.Id, replacement, now + delay);
    }

    /// <summary>SwarmKit's shouldRestart, with the restart history taken from the slot's tasks.</summary>
    public static bool ShouldRestart(Service service, SwarmTask task, IReadOnlyList<SwarmTask> tupleTasks)
        => ShouldRestart(service.Kind(), task, tupleTasks);

    internal static bool ShouldRestart(ServiceKind kind, SwarmTask task, IReadOnlyList<SwarmTask> tupleTasks)
    {
        var policy = PolicyOf(task);
        var completed = task.Status.State == TaskState.Complete;
        var allowed = policy.Condition switch
        {
            RestartCondition.Any => !(completed && kind.IsJob()),
            RestartCondition.OnFailure => !completed,
            _ => false,
        };
        if (!allowed)
            return false;
        if (policy.MaxAttempts == 0)
            return true;

        // Every task of the slot at this spec version but the first was created by a restart.
        var restarts = tupleTasks
            .Where(t => t.SpecVersion == task.SpecVersion)
            .OldestCreatedFirst()
            .Skip(1)
            .Select(t => t.Meta.CreatedAt)
            .ToArray();
        if (policy.Window <= TimeSpan.Zero)
            return (ulong)restarts.Length < policy.MaxAttempts;

        var failedAt = task.Status.Timestamp;
        var lookback = failedAt - policy.Window;
        var recent = restarts.Count(at => at > lookback && at < failedAt);
        return (ulong)recent < policy.MaxAttempts;
    }

    /// <summary>
    /// SwarmKit's UpdatableTasksInSlot: the slot's tasks desired to run, or else its newest task when the restart
    /// policy will not replace it (so updates still reach it); empty means the slot is dead.
    /// </summary>
    internal static IReadOnlyList<SwarmTask> UpdatableTasks(Service service, IReadOnlyList<SwarmTask> slotTasks)
    {
        var runnable = slotTasks.Where(t => t.DesiredState <= TaskState.Running).ToArray();
        if (runnable.Length > 0 || slotTasks.Count == 0)
            return runnable;
        if (service.UpdateStatus?.State == UpdateState.RollbackStarted)
            return [];
        var newest = slotTasks.NewestStatus();
        return ShouldRestart(service.Kind(), newest, slotTasks) ? [] : [newest];
    }

    internal static RestartPolicy PolicyOf(SwarmTask task) => task.Spec.RestartPolicy ?? Defaults;

    private static readonly RestartPolicy Defaults = new();

    private static bool NeedsRestart(Service service, ServiceKind kind, SwarmTask task, Node? node)
    {
        if (kind.IsJob())
        {
            return task.JobIteration == service.JobIteration()
                && task.DesiredState <= TaskState.Complete
                && task.Status.State > TaskState.Complete;
        }
        if (task.DesiredState > TaskState.Running)
            return false;
        if (task.Status.State > TaskState.Running)
            return true;
        // Replicated tasks also move off nodes that went down, were drained or removed.
        return kind == ServiceKind.Replicated && task.NodeId.Length > 0 && NodeEligibility.IsInvalid(node);
    }

    private static bool CanStayOn(Service service, Node? node, Func<Node, IReadOnlyList<string>, bool>? matches)
        => node is not null
            && !NodeEligibility.IsInvalid(node)
            && node.Spec.Availability != NodeAvailability.Pause
            && NodeEligibility.Matches(matches, node, service.Constraints());
}
