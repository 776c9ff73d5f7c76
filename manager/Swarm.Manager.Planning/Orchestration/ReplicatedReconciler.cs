using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// SwarmKit's replicated orchestrator reconcile, pure: slots 1..Replicas. A slot is live when it has a task desired
/// to run (or its newest task will not be restarted by policy); other slots are dead and their tasks deleted, their
/// numbers reused first. Scale up fills the lowest free slot numbers; scale down sets desired REMOVE on the slots
/// least worth keeping (<see cref="ScaleDownOrder"/>). Live slots running an older spec are reported as dirty for
/// the updater. Stopped tasks are the <see cref="RestartReconciler"/>'s; apply its plan before this one's.
/// </summary>
public static class ReplicatedReconciler
{
    public static OrchestrationPlan Reconcile(Service service, IReadOnlyList<SwarmTask> tasks)
    {
        var mine = tasks.Where(t => t.ServiceId == service.Id).ToArray();
        var live = new List<TaskSlot>();
        var dead = new List<TaskSlot>();
        foreach (var slot in SlotGrouping.BySlot(mine))
        {
            var updatable = RestartReconciler.UpdatableTasks(service, slot.Tasks);
            if (updatable.Count > 0)
                live.Add(slot with { Tasks = updatable });
            else
                dead.Add(slot);
        }

        var wanted = Replicas(service);
        var decisions = new List<OrchestrationDecision>();
        var kept = (IReadOnlyList<TaskSlot>)live;
        if (wanted > (ulong)live.Count)
        {
            var used = live.Select(s => s.Slot).ToHashSet();
            var created = FreeSlots(used).Take((int)(wanted - (ulong)live.Count)).ToArray();
            decisions.AddRange(created.Select(slot => new CreateTask(
                service.Id, slot, "", service.SpecVersion, TaskState.Running)));
            dead.RemoveAll(d => created.Contains(d.Slot));
        }
        else if (wanted < (ulong)live.Count)
        {
            var ordered = ScaleDownOrder(live);
            kept = ordered.Take((int)wanted).ToArray();
            decisions.AddRange(ordered.Skip((int)wanted)
                .SelectMany(s => s.Tasks)
                .Where(t => t.DesiredState < TaskState.Remove)
                .Select(t => new RemoveTask(t.Id, "scaled down")));
        }

        decisions.AddRange(dead.SelectMany(s => s.Tasks).Select(t => new DeleteTask(t.Id, "slot is dead")));
        var dirty = kept.Where(s => IsDirty(service, s));
        return OrchestrationPlan.Create(decisions, dirty);
    }

    /// <summary>
    /// Slots from most to least worth keeping (SwarmKit's slotsByRunningState then slotsByIndex): each single-task
    /// slot is ranked as the n-th copy of the service on its node, counting running tasks first and low slot numbers
    /// first; lower ranks are kept. Unplaced slots and slots with several tasks (mid-update) go last.
    /// </summary>
    public static IReadOnlyList<TaskSlot> ScaleDownOrder(IReadOnlyList<TaskSlot> slots)
    {
        var byRunning = slots
            .OrderByDescending(s => s.Tasks.Any(t => t.Status.State == TaskState.Running))
            .ThenBy(s => s.Slot)
            .ToArray();
        var copiesPerNode = new Dictionary<string, int>(StringComparer.Ordinal);
        var ranked = new List<(TaskSlot Slot, int Rank, int Position)>(byRunning.Length);
        for (var i = 0; i < byRunning.Length; i++)
        {
            var slot = byRunning[i];
            var rank = int.MaxValue;
            if (slot.Tasks.Count == 1 && slot.Tasks[0].NodeId.Length > 0)
            {
                var node = slot.Tasks[0].NodeId;
                rank = copiesPerNode[node] = copiesPerNode.GetValueOrDefault(node) + 1;
            }
            ranked.Add((slot, rank, i));
        }
        return ranked.OrderBy(r => r.Rank).ThenBy(r => r.Position).Select(r => r.Slot).ToArray();
    }

    internal static ulong Replicas(Service service) => service.Spec.Mode.Replicated?.Replicas ?? 1;

    internal static bool IsDirty(Service service, TaskSlot slot)
        => slot.Tasks.Any(t => t.SpecVersion != service.SpecVersion);

    private static IEnumerable<ulong> FreeSlots(HashSet<ulong> used)
    {
        for (ulong slot = 1; ; slot++)
        {
            if (!used.Contains(slot))
                yield return slot;
        }
    }
}
