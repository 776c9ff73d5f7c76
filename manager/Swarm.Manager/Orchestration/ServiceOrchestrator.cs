using Microsoft.Extensions.Logging;
using Swarm.Store;

namespace Swarm.Manager.Orchestration;

/// <summary>
/// The leader's service orchestrator: one loop for every service mode (SwarmKit runs one per mode). It watches
/// services, tasks and nodes, and after each burst of changes reconciles the services they touch (all of them when
/// it starts): restarts first, then the mode's reconciler and the delayed starts. Tasks of deleted services are set
/// to REMOVE. A service whose plan asks to be looked at again (a restart delay ends) gets a timer.
/// </summary>
public sealed partial class ServiceOrchestrator : ILeaderLoop
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a service whose pass failed (e.g. a write conflict) waits before it is tried again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly MemoryStore store;
    private readonly TimeProvider time;
    private readonly ILogger<ServiceOrchestrator> logger;
    private readonly TimeSpan debounce;
    private readonly DecisionWriter writer;

    public ServiceOrchestrator(
        MemoryStore store, TimeProvider time, ILogger<ServiceOrchestrator> logger, TimeSpan? debounce = null)
    {
        this.store = store;
        this.time = time;
        this.logger = logger;
        this.debounce = debounce ?? DefaultDebounce;
        writer = new DecisionWriter(store);
    }

    /// <summary>Runs until <paramref name="leadership"/> is cancelled, then returns.</summary>
    public Task RunAsync(CancellationToken leadership) => LeaderLoop.RunAsync(WatchAsync, LogWatchRestarted, leadership);

    private Task WatchAsync(CancellationToken leadership)
        => new ServiceWatch(store, time, debounce).RunAsync(ReconcileAsync, LogStarted, leadership);
}
