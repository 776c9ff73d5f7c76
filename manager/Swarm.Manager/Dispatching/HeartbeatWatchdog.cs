using Microsoft.Extensions.Logging;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store;

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

    public async Task RunAsync(CancellationToken leadership)
    {
        var snapshot = store.Snapshot();
        var ready = snapshot.Nodes.All().Where(n => n.Status.State == NodeState.Ready).Select(n => n.Id).ToList();
        var grace = Period() * options.LeaderChangeGraceMultiplier;
        sessions.BeginTerm(ready, grace, leadership);
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
            }
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
        var marked = 0;
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
                        marked++;
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
        if (marked > 0)
            Log.MarkedDown(logger, marked, string.Join(", ", nodeIds));
    }
}
