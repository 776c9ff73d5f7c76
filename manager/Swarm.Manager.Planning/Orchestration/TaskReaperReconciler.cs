using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// SwarmKit's task reaper, pure. Deleted at once: tasks desired REMOVE that never got a node or are done
/// (observed &lt; ASSIGNED or &gt;= COMPLETE), and orphaned tasks of no service. History: each slot (node, for global
/// services) keeps at most <c>limit</c> tasks, deleting the oldest (by status time) that are terminal or will never
/// run; running tasks are never deleted. The limit is the cluster's TaskHistoryRetentionLimit (default 5; negative
/// keeps everything), raised to MaxAttempts+1 when the restart policy caps attempts, because restart history is
/// read back from these tasks. Jobs keep their history: their completed tasks are what counts completions.
/// </summary>
public static class TaskReaperReconciler
{
    public const long DefaultRetentionLimit = 5;

    public static OrchestrationPlan Reconcile(
        IReadOnlyList<Service> services, IReadOnlyList<SwarmTask> tasks, long retentionLimit = DefaultRetentionLimit)
    {
        var deletions = new Dictionary<string, DeleteTask>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (task.DesiredState == TaskState.Remove
                && (task.Status.State < TaskState.Assigned || task.Status.State >= TaskState.Complete))
                deletions.TryAdd(task.Id, new DeleteTask(task.Id, "removed"));
            else if (task.ServiceId.Length == 0 && task.Status.State >= TaskState.Orphaned)
                deletions.TryAdd(task.Id, new DeleteTask(task.Id, "orphaned"));
        }

        var byService = tasks.ToLookup(t => t.ServiceId, StringComparer.Ordinal);
        foreach (var service in services)
        {
            var kind = service.Kind();
            var limit = Limit(service, retentionLimit);
            if (kind.IsJob() || limit < 0)
                continue;
            foreach (var slot in SlotGrouping.Group(kind, byService[service.Id]))
            {
                foreach (var task in Excess(slot.Tasks, limit))
                    deletions.TryAdd(task.Id, new DeleteTask(task.Id, "task history limit"));
            }
        }
        return OrchestrationPlan.Create(deletions.Values);
    }

    internal static long Limit(Service service, long retentionLimit)
    {
        var maxAttempts = service.Spec.TaskTemplate.RestartPolicy?.MaxAttempts ?? 0;
        return maxAttempts > 0 ? (long)Math.Min(maxAttempts, long.MaxValue - 1) + 1 : retentionLimit;
    }

    private static IEnumerable<SwarmTask> Excess(IReadOnlyList<SwarmTask> slotTasks, long limit)
    {
        var surplus = slotTasks.Count - limit;
        if (surplus <= 0)
            yield break;
        foreach (var task in slotTasks.OldestStatusFirst())
        {
            if (surplus == 0)
                yield break;
            var neverRuns = task.Status.State < TaskState.Assigned && task.DesiredState > TaskState.Running;
            if (task.Status.State.IsTerminal() || neverRuns)
            {
                surplus--;
                yield return task;
            }
        }
    }
}
