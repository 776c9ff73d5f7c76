using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using Swarm.Store.Transactions;

namespace Swarm.Manager.Scheduling;

public sealed partial class SchedulerLoop
{
    internal const string AssignedMessage = "scheduler assigned task to node";

    /// <summary>
    /// The loop's only write: the plan, in bounded transactions. A task that changed since <paramref name="planned"/>
    /// is skipped (its change is an event, which brings another round). Returns false when a transaction lost a
    /// race at commit; its decisions are dropped and the next round plans again.
    /// </summary>
    internal async Task<bool> ApplyAsync(ReadTransaction planned, SchedulingPlan plan, CancellationToken cancellationToken)
    {
        var assigned = 0;
        try
        {
            await store.BatchAsync(async batch =>
            {
                foreach (var decision in plan.Assignments)
                {
                    await batch.UpdateAsync(tx =>
                    {
                        if (Unchanged(tx, planned, decision.TaskId) is not { } task)
                            return;
                        tx.Tasks.Update(task with
                        {
                            NodeId = decision.NodeId,
                            Status = task.Status with
                            {
                                State = TaskState.Assigned, Message = AssignedMessage, Timestamp = time.GetUtcNow(), Err = null,
                            },
                        });
                        assigned++;
                    });
                }
                foreach (var rejected in plan.Unschedulable)
                {
                    await batch.UpdateAsync(tx =>
                    {
                        // Only a new explanation is written: rewriting the same text would churn the store.
                        if (Unchanged(tx, planned, rejected.TaskId) is not { } task || task.Status.Err == rejected.Explanation)
                            return;
                        tx.Tasks.Update(task with { Status = task.Status with { Err = rejected.Explanation } });
                    });
                }
            }, ManagerLoops.PipelinedCommits, cancellationToken);
        }
        catch (VersionConflictException conflict)
        {
            Log.SchedulingConflict(logger, conflict.Message);
            return false;
        }
        if (assigned > 0)
            Log.Assigned(logger, assigned);
        if (plan.Unschedulable.Count > 0)
            Log.Unschedulable(logger, plan.Unschedulable.Count, plan.Unschedulable[0].Explanation);
        return true;
    }

    /// <summary>The task as the transaction sees it, if it is still exactly what the plan was made from.</summary>
    private static SwarmTask? Unchanged(WriteTransaction tx, ReadTransaction planned, string taskId)
        => tx.Tasks.Get(taskId) is { } task
           && planned.Tasks.Get(taskId) is { } seen
           && task.Meta.Version == seen.Meta.Version
           && SchedulingPlanner.IsSchedulable(task)
            ? task
            : null;
}
