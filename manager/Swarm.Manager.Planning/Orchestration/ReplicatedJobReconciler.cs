using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// SwarmKit's replicated-job reconciler, pure: for the current job iteration, keep up to MaxConcurrent tasks
/// running until TotalCompletions tasks have COMPLETED. A task of the iteration that is not COMPLETE and still
/// desired to complete counts as running (a failed one is the <see cref="RestartReconciler"/>'s to replace). Tasks of
/// older iterations still running are set to REMOVE. New tasks take the lowest free slots, numbered from 1.
/// </summary>
public static class ReplicatedJobReconciler
{
    public static OrchestrationPlan Reconcile(Service service, IReadOnlyList<SwarmTask> tasks)
    {
        var (maxConcurrent, totalCompletions) = Limits(service);
        var iteration = service.JobIteration();
        var decisions = new List<OrchestrationDecision>();
        var usedSlots = new HashSet<ulong>();
        ulong running = 0, completed = 0;
        foreach (var task in tasks.Where(t => t.ServiceId == service.Id))
        {
            if (task.JobIteration != iteration)
            {
                if (task.Status.State <= TaskState.Running && task.DesiredState != TaskState.Remove)
                    decisions.Add(new RemoveTask(task.Id, "job iteration is over"));
                continue;
            }
            if (task.Status.State == TaskState.Complete)
            {
                completed++;
                usedSlots.Add(task.Slot);
            }
            else if (task.DesiredState <= TaskState.Complete)
            {
                running++;
                usedSlots.Add(task.Slot);
            }
        }

        var room = maxConcurrent > running ? maxConcurrent - running : 0;
        var left = totalCompletions > completed + running ? totalCompletions - completed - running : 0;
        var slot = 0UL;
        for (var i = 0UL; i < Math.Min(room, left); i++)
        {
            do slot++; while (usedSlots.Contains(slot));
            decisions.Add(new CreateTask(service.Id, slot, "", service.SpecVersion, TaskState.Complete, iteration));
        }
        return OrchestrationPlan.Create(decisions);
    }

    /// <summary>Engine API defaults: MaxConcurrent 1; TotalCompletions defaults to MaxConcurrent.</summary>
    internal static (ulong MaxConcurrent, ulong TotalCompletions) Limits(Service service)
    {
        var job = service.Spec.Mode.ReplicatedJob ?? new ReplicatedJobMode();
        var maxConcurrent = job.MaxConcurrent ?? 1;
        return (maxConcurrent, job.TotalCompletions ?? maxConcurrent);
    }
}
