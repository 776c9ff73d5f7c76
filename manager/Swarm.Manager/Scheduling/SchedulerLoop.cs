using Microsoft.Extensions.Logging;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using Swarm.Store;
using Swarm.Store.Watch;

namespace Swarm.Manager.Scheduling;

/// <summary>
/// Moves PENDING tasks to ASSIGNED. Runs on the leader only (the token is leadership). Each round plans on a fresh
/// snapshot with <see cref="SchedulingPlanner"/> and writes the plan from <see cref="ApplyAsync"/> alone; between
/// rounds it keeps only what the last round saw (whether tasks were left waiting). Rounds are debounced as in
/// SwarmKit: a round starts once events pause for <see cref="DebounceGap"/>, or after <see cref="MaxLatency"/>.
/// </summary>
public sealed partial class SchedulerLoop(MemoryStore store, TimeProvider time, ILogger<SchedulerLoop> logger) : ILeaderLoop
{
    /// <summary>SwarmKit's commitDebounceGap.</summary>
    internal static readonly TimeSpan DebounceGap = TimeSpan.FromMilliseconds(50);

    /// <summary>SwarmKit's maxLatency.</summary>
    internal static readonly TimeSpan MaxLatency = TimeSpan.FromSeconds(1);

    public Task RunAsync(CancellationToken cancellationToken) => LeaderLoop.RunAsync(WatchAsync, m => Log.WatchRestarted(logger, m), cancellationToken);

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var watch = store.ViewAndWatch(e => e.ObjectKind is ObjectKind.Task or ObjectKind.Node);
        var events = new WatchReader(watch, time);
        // The snapshot may already hold pending tasks: the first round finds out.
        var triggered = true;
        var waiting = false;
        while (true)
        {
            if (!triggered)
            {
                await events.WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);
                triggered = DrainTriggers(events, waiting);
                continue;
            }
            await DebounceAsync(events, waiting, cancellationToken);
            (triggered, waiting) = await RoundAsync(cancellationToken);
        }
    }

    /// <summary>Waits until events pause for <see cref="DebounceGap"/>, or <see cref="MaxLatency"/> at most.</summary>
    private async Task DebounceAsync(WatchReader events, bool waiting, CancellationToken cancellationToken)
    {
        var start = time.GetUtcNow();
        var last = start;
        while (true)
        {
            var deadline = Min(last + DebounceGap, start + MaxLatency);
            var wait = deadline - time.GetUtcNow();
            if (wait <= TimeSpan.Zero || !await events.WaitAsync(wait, cancellationToken))
                return;
            if (DrainTriggers(events, waiting))
                last = time.GetUtcNow();
        }
    }

    /// <summary>
    /// Plans on a fresh snapshot and writes the plan. Returns whether to run again at once (a write lost a race)
    /// and whether tasks are left waiting for a node (so node changes and freed capacity matter).
    /// </summary>
    private async Task<(bool Again, bool Waiting)> RoundAsync(CancellationToken cancellationToken)
    {
        var snapshot = store.Snapshot();
        var tasks = snapshot.Tasks.All().ToArray();
        var schedulable = tasks.Count(SchedulingPlanner.IsSchedulable);
        if (schedulable == 0)
            return (false, false);
        var plan = SchedulingPlanner.Plan(snapshot.Nodes.All().ToArray(), tasks, time);
        var written = await ApplyAsync(snapshot, plan, cancellationToken);
        return (!written, schedulable > plan.Assignments.Count);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
