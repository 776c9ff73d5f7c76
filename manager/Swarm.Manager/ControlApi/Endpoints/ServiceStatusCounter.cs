using Swarm.Api.Objects;
using Swarm.Store.Transactions;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Endpoints;

/// <summary>
/// <c>?status=true</c>: running tasks (observed RUNNING and still wanted), desired tasks (the replica count; for
/// global services one per node that is not down and still has a wanted task), completed tasks (jobs).
/// </summary>
internal sealed class ServiceStatusCounter(ReadTransaction snapshot)
{
    public E.ServiceStatus StatusOf(Service service)
    {
        var tasks = snapshot.Tasks.ByService(service.Id).ToList();
        var running = (ulong)tasks.Count(t => t.Status.State == TaskState.Running && t.DesiredState == TaskState.Running);
        var completed = (ulong)tasks.Count(t => t.Status.State == TaskState.Complete && t.JobIteration == service.SpecVersion);
        var mode = service.Spec.Mode;
        ulong desired;
        if (mode.Global || mode.GlobalJob)
        {
            var wanted = mode.Global ? TaskState.Running : TaskState.Complete;
            desired = (ulong)tasks.Where(t => t.DesiredState == wanted && t.NodeId.Length > 0)
                .Select(t => t.NodeId).Distinct(StringComparer.Ordinal)
                .Count(n => snapshot.Nodes.Get(n) is { Status.State: not NodeState.Down });
        }
        else if (mode.ReplicatedJob is { } job)
        {
            var remaining = (job.TotalCompletions ?? 0) > completed ? (job.TotalCompletions ?? 0) - completed : 0;
            desired = Math.Min(job.MaxConcurrent ?? 1, remaining);
        }
        else
        {
            desired = mode.Replicated?.Replicas ?? 1;
        }
        return new E.ServiceStatus { RunningTasks = running, DesiredTasks = desired, CompletedTasks = completed };
    }
}
