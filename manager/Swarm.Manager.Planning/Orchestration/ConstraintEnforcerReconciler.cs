using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// SwarmKit's constraint enforcer, pure: on an active node, reject the live tasks (desired ASSIGNED..COMPLETE, not
/// yet COMPLETE) that no longer fit it: their service's constraints stopped matching (<paramref name="matches"/>
/// evaluates them), or their reservations exceed the node's resources (tasks claim them in id order). Rejected tasks
/// are then replaced elsewhere by the <see cref="RestartReconciler"/>.
/// </summary>
public static class ConstraintEnforcerReconciler
{
    public const string Message = "task rejected by constraint enforcer";

    public static OrchestrationPlan Reconcile(
        Node node,
        IReadOnlyList<SwarmTask> tasks,
        IReadOnlyList<Service> services,
        Func<Node, IReadOnlyList<string>, bool> matches)
    {
        if (node.Spec.Availability != NodeAvailability.Active)
            return OrchestrationPlan.Empty;

        var byId = services.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var memory = node.Description?.Resources.MemoryBytes ?? 0;
        var cpus = node.Description?.Resources.NanoCpus ?? 0;
        var decisions = new List<OrchestrationDecision>();
        foreach (var task in tasks.Where(t => t.NodeId == node.Id).OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            if (task.DesiredState < TaskState.Assigned || task.DesiredState > TaskState.Complete
                || task.Status.State >= TaskState.Complete)
                continue;

            var placement = byId.TryGetValue(task.ServiceId, out var service)
                ? service.Spec.TaskTemplate.Placement
                : task.Spec.Placement;
            if (!NodeEligibility.Matches(matches, node, placement?.Constraints ?? []))
            {
                decisions.Add(new RejectTask(task.Id, Message, "assigned node no longer meets constraints"));
                continue;
            }

            var reserved = task.Spec.Resources?.Reservations;
            if (reserved is null)
                continue;
            if (reserved.MemoryBytes > memory || reserved.NanoCpus > cpus)
            {
                decisions.Add(new RejectTask(task.Id, Message, "assigned node no longer has the reserved resources"));
                continue;
            }
            memory -= reserved.MemoryBytes;
            cpus -= reserved.NanoCpus;
        }
        return OrchestrationPlan.Create(decisions);
    }
}
