using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// The scheduler's pure core: from a snapshot of nodes and tasks, decides where every PENDING task goes.
/// Global tasks (node already chosen) are only validated against their node, first, as SwarmKit does; the others
/// are placed in groups of one service version, in (service, version) order and within a group by slot, so the
/// same snapshot always gives the same plan.
/// </summary>
public static class SchedulingPlanner
{
    public static SchedulingPlan Plan(IReadOnlyCollection<Node> nodes, IReadOnlyCollection<SwarmTask> tasks, TimeProvider time)
    {
        var nodeSet = NodeSet.Build(nodes, tasks, time.GetUtcNow());
        var pending = tasks.Where(IsSchedulable).ToArray();
        var pipeline = new Pipeline();
        var assignments = new List<TaskAssignment>();
        var unschedulable = new List<UnschedulableTask>();

        foreach (var task in pending.Where(t => t.NodeId.Length > 0).OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            // A global task for a node that is gone is left to the orchestrator, as in SwarmKit.
            if (nodeSet.Find(task.NodeId) is not { } node)
                continue;
            pipeline.SetTask(task);
            if (pipeline.Process(node))
            {
                node.AddTask(task);
                assignments.Add(new TaskAssignment(task.Id, node.Id));
            }
            else
            {
                unschedulable.Add(new UnschedulableTask(task.Id, pipeline.Explain()));
            }
        }

        var placer = new TaskGroupPlacer(pipeline);
        var groups = pending.Where(t => t.NodeId.Length == 0)
            .GroupBy(t => (t.ServiceId, t.SpecVersion))
            .OrderBy(g => g.Key.ServiceId, StringComparer.Ordinal).ThenBy(g => g.Key.SpecVersion);
        foreach (var group in groups)
        {
            var plan = placer.Place(nodeSet, group.OrderBy(t => t.Slot).ThenBy(t => t.Id, StringComparer.Ordinal).ToArray());
            assignments.AddRange(plan.Assignments);
            unschedulable.AddRange(plan.Unschedulable);
        }
        return new SchedulingPlan(assignments, unschedulable);
    }

    /// <summary>PENDING and still wanted: a task scaled away before it was placed is not scheduled.</summary>
    public static bool IsSchedulable(SwarmTask task)
        => task.Status.State == TaskState.Pending && task.DesiredState <= TaskState.Complete;
}
