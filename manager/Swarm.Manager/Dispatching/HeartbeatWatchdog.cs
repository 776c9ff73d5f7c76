using Microsoft.Extensions.Logging;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store;
using Swarm.Store.Transactions;

namespace Swarm.Manager.Dispatching;

/// <summary>
/// Leader-only loop that owns node liveness. On gaining leadership it starts the dispatcher's term, giving every
/// node the store knows as READY a fresh grace period (it may be looking for the new leader); then, a few times per
/// heartbeat period, it marks DOWN every node whose deadline passed. The orchestrators react to DOWN through the
/// store: replicated tasks there are replaced elsewhere.
/// </summary>
public sealed partial class HeartbeatWatchdog(
    MemoryStore store,
    SessionRegistry sessions,
    DispatcherOptions options,
    TimeProvider time,
    ILogger<HeartbeatWatchdog> logger) : ILeaderLoop
{
    public const string DownMessage = "heartbeat failure";
    public const string OrphanedMessage = "node has been down too long: task orphaned";

    public async Task RunAsync(CancellationToken leadership)
    {
        var snapshot = store.Snapshot();
        var ready = snapshot.Nodes.All().Where(n => n.Status.State == NodeState.Ready).Select(n => n.Id).ToList();
        var down = snapshot.Nodes.All().Where(n => n.Status.State == NodeState.Down).Select(n => n.Id).ToList();
        var grace = Period() * options.LeaderChangeGraceMultiplier;
        sessions.BeginTerm(ready, down, grace, leadership);
        Log.TermStarted(logger, ready.Count, grace);
        try
        {
            while (!leadership.IsCancellationRequested)
            {
                var tick = Period() / 4;
                await Task.Delay(tick < MinimumTick ? MinimumTick : tick, time, leadership);
                var expired = sessions.TakeExpired();
                if (expired.Count > 0)
                    await MarkDownAsync(expired, leadership);
                var longDown = sessions.DownFor(options.NodeDownPeriod);
                if (longDown.Count > 0)
                    await OrphanTasksAsync(longDown, leadership);
            }
        }
        catch (Exception) when (leadership.IsCancellationRequested)
        {
            // Losing the lead ends the loop; whatever was thrown on the way out is part of that.
        }
        finally
        {
            // A failed loop is restarted by LeaderLoops; a new term must not keep this one's sessions.
            sessions.EndTerm();
        }
    }

    private static readonly TimeSpan MinimumTick = TimeSpan.FromMilliseconds(20);

    private TimeSpan Period()
        => store.Snapshot().Clusters.All().FirstOrDefault()?.Spec.Dispatcher.HeartbeatPeriod is { } p && p > TimeSpan.Zero
            ? p
            : options.DefaultHeartbeatPeriod;

    private async Task MarkDownAsync(IReadOnlyList<string> nodeIds, CancellationToken cancellationToken)
    {
        var marked = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await store.BatchAsync(async batch =>
            {
                foreach (var id in nodeIds)
                {
                    await batch.UpdateAsync(tx =>
                    {
                        // A node that registered again since its deadline passed is alive: leave it.
                        if (sessions.HasSession(id) || tx.Nodes.Get(id) is not { } node || node.Status.State == NodeState.Down)
                            return;
                        tx.Nodes.Update(node with { Status = node.Status with { State = NodeState.Down, Message = DownMessage } });
                        marked.Add(id);
                    });
                }
            }, cancellationToken);
        }
        catch (VersionConflictException e)
        {
            // Someone wrote one of these nodes meanwhile (most likely it registered again); they are looked at again next tick.
            Log.MarkDownConflict(logger, e.Message);
            sessions.Requeue(nodeIds);
            return;
        }
        if (marked.Count > 0)
        {
            sessions.MarkedDown(marked);
            Log.MarkedDown(logger, marked.Count, string.Join(", ", marked));
        }
    }

    /// <summary>
    /// Tasks still believed running on a node that has been DOWN for <see cref="DispatcherOptions.NodeDownPeriod"/>
    /// become ORPHANED: nobody will report on them again, and the reaper may clean them up.
    /// </summary>
    private async Task OrphanTasksAsync(IReadOnlyList<string> nodeIds, CancellationToken cancellationToken)
    {
        var orphaned = 0;
        try
        {
            await store.BatchAsync(async batch =>
            {
                foreach (var (nodeId, taskId) in nodeIds.SelectMany(n => Unfinished(n).Select(t => (n, t))))
                    await batch.UpdateAsync(tx => orphaned += Orphan(tx, nodeId, taskId) ? 1 : 0);
            }, cancellationToken);
        }
        catch (VersionConflictException e)
        {
            // A task changed meanwhile; these nodes are looked at again next tick.
            Log.MarkDownConflict(logger, e.Message);
            return;
        }
        sessions.ForgetDown(nodeIds);
        if (orphaned > 0)
            Log.Orphaned(logger, orphaned, string.Join(", ", nodeIds));
    }

    private List<string> Unfinished(string nodeId)
        => store.Snapshot().Tasks.ByNode(nodeId).Where(t => t.Status.State <= TaskState.Running).Select(t => t.Id).ToList();

    private bool Orphan(WriteTransaction tx, string nodeId, string taskId)
    {
        if (tx.Nodes.Get(nodeId)?.Status.State != NodeState.Down
            || tx.Tasks.Get(taskId) is not { } task || task.Status.State > TaskState.Running)
            return false;
        tx.Tasks.Update(task with
        {
            Status = task.Status with { State = TaskState.Orphaned, Message = OrphanedMessage, Timestamp = time.GetUtcNow() },
        });
        return true;
    }
}
