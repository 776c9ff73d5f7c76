using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// SwarmKit's global orchestrator reconcile, pure: one task per node that is neither down nor drained and matches
/// the service's constraints (<paramref name="matches"/> evaluates them; null accepts every node). A paused node
/// keeps what it has and gets nothing new; tasks on drained, down, removed or no-longer-matching nodes are shut
/// down. Nodes whose task runs an older spec are reported as dirty for the updater.
/// </summary>
public static class GlobalReconciler
{
    public static OrchestrationPlan Reconcile(
        Service service,
        IReadOnlyList<SwarmTask> tasks,
        IReadOnlyList<Node> nodes,
        Func<Node, IReadOnlyList<string>, bool>? matches = null)
    {
        var live = new Dictionary<string, TaskSlot>(StringComparer.Ordinal);
        foreach (var slot in SlotGrouping.ByNode(tasks.Where(t => t.ServiceId == service.Id)))
        {
            var updatable = RestartReconciler.UpdatableTasks(service, slot.Tasks);
            if (updatable.Count > 0)
                live[slot.NodeId] = slot with { Tasks = updatable };
        }

        var decisions = new List<OrchestrationDecision>();
        var dirty = new List<TaskSlot>();
        foreach (var node in nodes.Where(n => !NodeEligibility.IsInvalid(n)).OrderBy(n => n.Id, StringComparer.Ordinal))
        {
            live.Remove(node.Id, out var slot);
            if (!NodeEligibility.Matches(matches, node, service.Constraints()))
            {
                decisions.AddRange(Shutdown(slot, "node no longer matches the service's constraints"));
                continue;
            }
            if (node.Spec.Availability == NodeAvailability.Pause)
                continue;
            if (slot is null)
                decisions.Add(new CreateTask(service.Id, 0, node.Id, service.SpecVersion, TaskState.Running));
            else if (ReplicatedReconciler.IsDirty(service, slot))
                dirty.Add(slot);
        }

        // What is left sits on nodes that are drained, down or gone.
        foreach (var slot in live.Values)
            decisions.AddRange(Shutdown(slot, "node is drained, down or removed"));
        return OrchestrationPlan.Create(decisions, dirty);
    }

    private static IEnumerable<OrchestrationDecision> Shutdown(TaskSlot? slot, string reason)
        => (slot?.Tasks ?? [])
            .Where(t => t.DesiredState < TaskState.Shutdown)
            .Select(t => new ShutdownTask(t.Id, reason));
}
