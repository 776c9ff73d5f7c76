using Microsoft.Extensions.Logging;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using Swarm.Store;
using Swarm.Store.Watch;

namespace Swarm.Manager.Orchestration;

/// <summary>
/// The leader's task reaper: after each burst of task, service or cluster changes (and once when it starts) it
/// deletes removed tasks and trims each slot's history to the cluster's TaskHistoryRetentionLimit
/// (<see cref="TaskReaperReconciler.DefaultRetentionLimit"/> when there is no cluster object yet).
/// </summary>
public sealed partial class TaskReaperLoop : ILeaderLoop
{
    /// <summary>Longer than the orchestrator's: reaping is never urgent, and bigger bursts mean fewer passes.</summary>
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(250);

    private readonly MemoryStore store;
    private readonly TimeProvider time;
    private readonly ILogger<TaskReaperLoop> logger;
    private readonly TimeSpan debounce;
    private readonly DecisionWriter writer;

    public TaskReaperLoop(MemoryStore store, TimeProvider time, ILogger<TaskReaperLoop> logger, TimeSpan? debounce = null)
    {
        this.store = store;
        this.time = time;
        this.logger = logger;
        this.debounce = debounce ?? DefaultDebounce;
        writer = new DecisionWriter(store);
    }

    /// <summary>Runs until <paramref name="leadership"/> is cancelled, then returns.</summary>
    public Task RunAsync(CancellationToken leadership) => LeaderLoop.RunAsync(WatchAsync, LogWatchRestarted, leadership);

    private async Task WatchAsync(CancellationToken leadership)
    {
        using var watch = new DebouncedWatch(
            store, e => e.ObjectKind is ObjectKind.Task or ObjectKind.Service or ObjectKind.Cluster, time, debounce);
        DateTimeOffset? retryAt = null;
        var run = true;
        while (true)
        {
            if (run || retryAt is not null)
                retryAt = await ReapAsync(leadership);
            var events = await watch.NextAsync(retryAt, leadership);
            run = events is { Count: > 0 };
        }
    }

    /// <summary>One pass over the whole store; returns when to try again if it failed.</summary>
    private async Task<DateTimeOffset?> ReapAsync(CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = store.Snapshot();
            var limit = snapshot.Clusters.All().FirstOrDefault()?.Spec.Orchestration.TaskHistoryRetentionLimit
                ?? TaskReaperReconciler.DefaultRetentionLimit;
            var plan = TaskReaperReconciler.Reconcile(
                snapshot.Services.All().ToArray(), snapshot.Tasks.All().ToArray(), limit);
            var deleted = await writer.ApplyAsync(plan.Decisions, cancellationToken);
            if (deleted > 0)
                LogReaped(deleted);
            return null;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogPassFailed(error);
            return time.GetUtcNow() + ServiceOrchestrator.RetryDelay;
        }
    }
}
