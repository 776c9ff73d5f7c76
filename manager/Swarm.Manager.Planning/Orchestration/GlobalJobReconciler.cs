using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// SwarmKit's global-job reconciler, pure: one task per node and job iteration, on every node that is READY, active
/// and matches the constraints (<paramref name="matches"/>; null accepts all). Nodes joining later get their task
/// too; a node keeps its task of the iteration whatever its outcome (failures are the <see cref="RestartReconciler"/>'s).
/// Tasks of older iterations are set to REMOVE; running tasks on drained or down nodes are shut down.
/// </summary>
public static class GlobalJobReconciler
{
    public static OrchestrationPlan Reconcile(
        Service service,
        IReadOnlyList<SwarmTask> tasks,
        IReadOnlyList<Node> nodes,
        Func<Node, IReadOnlyList<string>, bool>? matches = null)
    {
        var iteration = service.JobIteration();
        var decisions = new List<OrchestrationDecision>();
        var current = new Dictionary<string, SwarmTask>(StringComparer.Ordinal);
        foreach (var task in tasks.Where(t => t.ServiceId == service.Id).OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            if (task.JobIteration != iteration)
            {
                if (task.DesiredState != TaskState.Remove)
                    decisions.Add(new RemoveTask(task.Id, "job iteration is over"));
            }
            else if (task.DesiredState <= TaskState.Complete)
            {
                current.TryAdd(task.NodeId, task);
            }
        }

        foreach (var node in nodes.Where(n => NodeEligibility.Matches(matches, n, service.Constraints())))
        {
            var has = current.TryGetValue(node.Id, out var task);
            if (NodeEligibility.IsInvalid(node))
            {
                if (has && task!.Status.State <= TaskState.Running)
                    decisions.Add(new ShutdownTask(task.Id, "node is drained or down"));
            }
            else if (!has && node.Spec.Availability == NodeAvailability.Active && node.Status.State == NodeState.Ready)
            {
                decisions.Add(new CreateTask(service.Id, 0, node.Id, service.SpecVersion, TaskState.Complete, iteration));
            }
        }
        return OrchestrationPlan.Create(decisions);
    }
}
