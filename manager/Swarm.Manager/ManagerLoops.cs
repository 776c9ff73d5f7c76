using Microsoft.Extensions.Logging;
using Swarm.Manager.Allocation;
using Swarm.Manager.Orchestration;
using Swarm.Manager.Scheduling;
using Swarm.Store;

namespace Swarm.Manager;

/// <summary>
/// Every leader-only loop of a manager, in the order DESIGN.md gives (allocator → orchestrators → scheduler). They
/// only talk through the store, so the order is the order they start in, not a dependency.
/// </summary>
public static class ManagerLoops
{
    /// <summary>
    /// Transactions a loop may have committing at once when its batch updates each task once (allocator, scheduler):
    /// a burst of 1,000 tasks then shares Raft rounds instead of waiting for one round per 200 tasks.
    /// </summary>
    internal const int PipelinedCommits = 4;

    public static IReadOnlyList<ILeaderLoop> Create(MemoryStore store, TimeProvider time, ILoggerFactory loggers) =>
    [
        new AllocatorLoop(store, time, loggers.CreateLogger<AllocatorLoop>()),
        new ServiceOrchestrator(store, time, loggers.CreateLogger<ServiceOrchestrator>()),
        new UpdaterLoop(store, time, loggers.CreateLogger<UpdaterLoop>()),
        new TaskReaperLoop(store, time, loggers.CreateLogger<TaskReaperLoop>()),
        new ConstraintEnforcerLoop(store, time, loggers.CreateLogger<ConstraintEnforcerLoop>()),
        new SchedulerLoop(store, time, loggers.CreateLogger<SchedulerLoop>()),
    ];
}
