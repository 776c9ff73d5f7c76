using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;

namespace Swarm.Manager.Planning.Updating;

/// <summary>
/// SwarmKit's Updater as a pure function of the service, its tasks and the time, so a new leader resumes an update
/// where the old one left it. Each call: start the update if slots are dirty; count the failed replacements and pause
/// or roll back when failures / slots in the update exceed MaxFailureRatio; finish slots (start-first: shut the old
/// task down once the new one runs; stop-first: start the new task once the old one stopped); hand dirty slots to
/// free workers (Parallelism, 0 = all; a worker is busy until its replacement runs, then for Delay); and once no slot
/// is left, watch one more Monitor period before COMPLETED. A rollback (ROLLBACK_STARTED) runs the same way with the
/// RollbackConfig, and a failing rollback pauses. Jobs are not rolled: their orchestrator replaces them.
/// </summary>
public static class UpdateReconciler
{
    private static readonly UpdateConfig Defaults = new();

    public static UpdatePlan Reconcile(Service service, IReadOnlyList<SwarmTask> tasks, DateTimeOffset now)
    {
        if (service.Kind().IsJob())
            return UpdatePlan.Idle;
        var state = service.UpdateStatus?.State ?? UpdateState.Unknown;
        if (state is UpdateState.Paused or UpdateState.RollbackPaused)
            return UpdatePlan.Idle;

        var rollingBack = state == UpdateState.RollbackStarted;
        var status = service.UpdateStatus;
        var changed = false;
        if (state is not (UpdateState.Updating or UpdateState.RollbackStarted))
        {
            if (!UpdateSlot.From(service, tasks, now).Any(s => s.IsDirty))
                return UpdatePlan.Idle;
            status = UpdateStatuses.Started(now);
            changed = true;
        }
        else if (status!.StartedAt is null)
        {
            status = status with { StartedAt = now };
            changed = true;
        }

        var config = ConfigOf(service, rollingBack);
        var slots = UpdateSlot.From(service, tasks, status.StartedAt!.Value);
        var failure = Failure(slots, config);
        if (failure is not null)
            return OnFailure(service, status, rollingBack, config, failure, now);

        var step = new UpdateStep(config, now);
        step.Advance(service, slots);
        if (step.Decisions.Count == 0 && step.Busy == 0 && !slots.Any(s => s.IsDirty))
        {
            var doneAt = DoneMonitoringAt(slots, status.StartedAt.Value, config);
            if (now >= doneAt)
                return WithStatus(service, UpdateStatuses.Completed(status, rollingBack, now), [], null);
            step.WakeAt(doneAt);
        }
        var plan = OrchestrationPlan.Create(step.Decisions);
        return changed
            ? WithStatus(service, status, plan.Decisions, step.NextWakeUp)
            : new UpdatePlan(plan.Decisions, null, false, step.NextWakeUp);
    }

    internal static UpdateConfig ConfigOf(Service service, bool rollingBack)
        => (rollingBack ? service.Spec.RollbackConfig : service.Spec.UpdateConfig) ?? Defaults;

    /// <summary>
    /// The failed replacement that tips failures / slots over MaxFailureRatio (the newest failure), or null. Slots in
    /// the update are the dirty ones plus the ones already replaced, which is the dirty count when the update began.
    /// </summary>
    private static SwarmTask? Failure(IReadOnlyList<UpdateSlot> slots, UpdateConfig config)
    {
        if (config.FailureAction == FailureAction.Continue || slots.Count == 0)
            return null;
        var failed = slots.Where(s => s.ReplacementFailed).Select(s => s.Replacement!).ToArray();
        if (failed.Length == 0 || (double)failed.Length / slots.Count <= config.MaxFailureRatio)
            return null;
        return failed.OldestStatusFirst().Last();
    }

    private static UpdatePlan OnFailure(
        Service service, UpdateStatus status, bool rollingBack, UpdateConfig config, SwarmTask failed, DateTimeOffset now)
    {
        // Never roll back a rollback: a failing rollback pauses whatever its failure action says.
        if (config.FailureAction == FailureAction.Rollback && !rollingBack)
        {
            if (service.PreviousSpec is not null)
            {
                var rolledBack = UpdateStatuses.RolledBack(
                    service, UpdateStatuses.FailureMessage("rolled back", failed.Id), now);
                return new UpdatePlan([], rolledBack, true, null);
            }
            var message = UpdateStatuses.FailureMessage("paused", failed.Id) + "; no previous spec to roll back to";
            return WithStatus(service, UpdateStatuses.Paused(status, false, message), [], null);
        }
        var paused = UpdateStatuses.Paused(status, rollingBack, UpdateStatuses.FailureMessage("paused", failed.Id));
        return WithStatus(service, paused, [], null);
    }

    /// <summary>
    /// The end of the final watch: the last replacement settled, its worker waited Delay, then one Monitor period.
    /// </summary>
    private static DateTimeOffset DoneMonitoringAt(IReadOnlyList<UpdateSlot> slots, DateTimeOffset startedAt, UpdateConfig config)
    {
        var last = slots.Select(s => s.ReplacementSettledAt).Where(t => t is not null).Max() ?? startedAt;
        return (last < startedAt ? startedAt : last) + config.Delay + config.Monitor;
    }

    private static UpdatePlan WithStatus(
        Service service, UpdateStatus status, IReadOnlyList<OrchestrationDecision> decisions, DateTimeOffset? wake)
        => new(decisions, service with { UpdateStatus = status }, false, wake);
}
