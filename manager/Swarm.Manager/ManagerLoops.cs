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
