using Microsoft.Extensions.Logging;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using Swarm.Manager.Planning.Scheduling;
using Swarm.Store;
using Swarm.Store.Transactions;
using Swarm.Store.Watch;

namespace Swarm.Manager.Orchestration;

/// <summary>
/// SwarmKit's constraint enforcer: when a node changes (labels, resources, availability), rejects the tasks on it
/// that no longer fit; the <see cref="ServiceOrchestrator"/> then restarts them elsewhere. Checks every node when
/// it starts.
/// </summary>
public sealed partial class ConstraintEnforcerLoop : ILeaderLoop
{
    private readonly MemoryStore store;
    private readonly TimeProvider time;
    private readonly ILogger<ConstraintEnforcerLoop> logger;
    private readonly TimeSpan debounce;
    private readonly DecisionWriter writer;

    public ConstraintEnforcerLoop(
        MemoryStore store, TimeProvider time, ILogger<ConstraintEnforcerLoop> logger, TimeSpan? debounce = null)
    {
        this.store = store;
        this.time = time;
        this.logger = logger;
        this.debounce = debounce ?? ServiceOrchestrator.DefaultDebounce;
        writer = new DecisionWriter(store);
    }

    /// <summary>Runs until <paramref name="leadership"/> is cancelled, then returns.</summary>
    public Task RunAsync(CancellationToken leadership) => LeaderLoop.RunAsync(WatchAsync, LogWatchRestarted, leadership);

    private async Task WatchAsync(CancellationToken leadership)
    {
        using var watch = new DebouncedWatch(
            store, e => e.ObjectKind == ObjectKind.Node && e.Kind != EventKind.Delete, time, debounce);
        // Nodes still to check: all of them at first, then the changed ones; kept when a pass fails, for the retry.
        var pending = store.Snapshot().Nodes.All().Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        DateTimeOffset? retryAt = null;
        while (true)
        {
            if (pending.Count > 0)
            {
                retryAt = await EnforceAsync(pending, leadership);
                if (retryAt is null)
                    pending.Clear();
            }
            var events = await watch.NextAsync(retryAt, leadership);
            pending.UnionWith((events ?? []).Select(e => e.Object!.Id));
        }
    }

    /// <summary>One pass over the nodes; returns when to try again if it failed.</summary>
    private async Task<DateTimeOffset?> EnforceAsync(HashSet<string> nodeIds, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = store.Snapshot();
            var decisions = new List<OrchestrationDecision>();
            foreach (var nodeId in nodeIds.Order(StringComparer.Ordinal))
            {
                if (snapshot.Nodes.Get(nodeId) is not { } node)
                    continue;
                var tasks = snapshot.Tasks.ByNode(nodeId).ToArray();
                var services = tasks.Select(t => t.ServiceId).Distinct(StringComparer.Ordinal)
                    .Select(snapshot.Services.Get).OfType<Service>().ToArray();
                decisions.AddRange(ConstraintEnforcerReconciler.Reconcile(node, tasks, services, Matches).Decisions);
            }
            var rejected = await writer.ApplyAsync(decisions, cancellationToken);
            if (rejected > 0)
                LogRejected(rejected, nodeIds.Count);
            return null;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogPassFailed(error);
            return time.GetUtcNow() + ServiceOrchestrator.RetryDelay;
        }
    }

    private static bool Matches(Node node, IReadOnlyList<string> constraints)
        => Constraint.MatchesAll(Constraint.ParseAll(constraints), node);
}
