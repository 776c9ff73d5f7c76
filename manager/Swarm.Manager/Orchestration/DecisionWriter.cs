using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using Swarm.Store;
using Swarm.Store.Transactions;

namespace Swarm.Manager.Orchestration;

/// <summary>
/// The one place the orchestration loops write: applies a plan's decisions, in order, in bounded batch transactions.
/// Every decision re-reads what it changes inside its transaction and is skipped when the object vanished or already
/// moved past what the decision expects, so a stale plan can never undo newer state.
/// </summary>
internal sealed class DecisionWriter(MemoryStore store)
{
    public const string CreatedMessage = "created";

    /// <summary>Applies <paramref name="decisions"/>; returns how many of them changed the store.</summary>
    public async Task<int> ApplyAsync(IReadOnlyList<OrchestrationDecision> decisions, CancellationToken cancellationToken)
    {
        if (decisions.Count == 0)
            return 0;
        var applied = 0;
        await store.BatchAsync(async batch =>
        {
            foreach (var decision in decisions)
            {
                // The batch may run a callback twice (once rolled back): count what the last run did.
                var changed = false;
                await batch.UpdateAsync(tx => changed = Apply(tx, decision));
                applied += changed ? 1 : 0;
            }
        }, Disjoint(decisions) ? ManagerLoops.PipelinedCommits : 1, cancellationToken);
        return applied;
    }

    /// <summary>
    /// True when no two decisions touch the same task, so their transactions may commit at once (a service of
    /// 1,000 replicas is five transactions of creates: pipelined they share Raft rounds instead of queueing).
    /// </summary>
    private static bool Disjoint(IReadOnlyList<OrchestrationDecision> decisions)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var decision in decisions)
        {
            var subject = decision switch
            {
                CreateTask => null, // a new task of its own
                ShutdownTask d => d.TaskId,
                RemoveTask d => d.TaskId,
                RejectTask d => d.TaskId,
                DeleteTask d => d.TaskId,
                RestartTask d => d.OldTaskId,
                StartTask d => d.TaskId,
                _ => "",
            };
            if (subject is not null && !seen.Add(subject))
                return false;
        }

        return true;
    }

    private static bool Apply(WriteTransaction tx, OrchestrationDecision decision) => decision switch
    {
        CreateTask create => Create(tx, create),
        ShutdownTask shutdown => SetDesired(tx, shutdown.TaskId, TaskState.Shutdown),
        RemoveTask remove => SetDesired(tx, remove.TaskId, TaskState.Remove),
        RejectTask reject => Reject(tx, reject),
        DeleteTask delete => Delete(tx, delete.TaskId),
        RestartTask restart => Restart(tx, restart),
        StartTask start => Start(tx, start),
        _ => throw new ArgumentException($"unknown orchestration decision {decision.GetType().Name}", nameof(decision)),
    };

    private static bool Create(WriteTransaction tx, CreateTask create)
    {
        var service = tx.Services.Get(create.ServiceId);
        // A plan made from an older spec must not create tasks of it: the next pass sees the new one.
        if (service is null || service.SpecVersion != create.SpecVersion)
            return false;
        tx.Tasks.Create(new SwarmTask
        {
            Id = Ids.New(),
            ServiceId = service.Id,
            ServiceName = service.Spec.Name,
            Slot = create.Slot,
            NodeId = create.NodeId,
            Spec = service.Spec.TaskTemplate,
            SpecVersion = service.SpecVersion,
            JobIteration = create.JobIteration,
            DesiredState = create.DesiredState,
            Status = new SwarmTaskStatus { State = TaskState.New, Timestamp = tx.Timestamp, Message = CreatedMessage },
        });
        return true;
    }

    /// <summary>Desired state only moves forward: a task already desired past <paramref name="state"/> is left alone.</summary>
    private static bool SetDesired(WriteTransaction tx, string taskId, TaskState state)
    {
        if (tx.Tasks.Get(taskId) is not { } task || task.DesiredState >= state)
            return false;
        tx.Tasks.Update(task with { DesiredState = state });
        return true;
    }

    private static bool Reject(WriteTransaction tx, RejectTask reject)
    {
        if (tx.Tasks.Get(reject.TaskId) is not { } task || task.Status.State >= TaskState.Complete)
            return false;
        tx.Tasks.Update(task with
        {
            Status = task.Status with
            {
                State = TaskState.Rejected, Message = reject.Message, Err = reject.Err, Timestamp = tx.Timestamp,
            },
        });
        return true;
    }

    private static bool Delete(WriteTransaction tx, string taskId)
    {
        if (tx.Tasks.Get(taskId) is not { } task)
            return false;
        tx.Tasks.Delete(task);
        return true;
    }

    /// <summary>
    /// Shuts the old task down and creates its replacement, atomically. An old task no longer desired to run was
    /// restarted (or stopped) already, so a second, stale restart of it creates nothing.
    /// </summary>
    private static bool Restart(WriteTransaction tx, RestartTask restart)
    {
        if (tx.Tasks.Get(restart.OldTaskId) is not { } old || old.DesiredState > TaskState.Complete)
            return false;
        if (!Create(tx, restart.Replacement))
            return false;
        tx.Tasks.Update(old with { DesiredState = TaskState.Shutdown });
        return true;
    }

    private static bool Start(WriteTransaction tx, StartTask start)
    {
        if (tx.Tasks.Get(start.TaskId) is not { } task || task.DesiredState != TaskState.Ready)
            return false;
        tx.Tasks.Update(task with { DesiredState = start.DesiredState });
        return true;
    }
}
