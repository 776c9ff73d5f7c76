using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Swarm.Manager.Allocation;
using Swarm.Manager.Orchestration;
using Swarm.Manager.Scheduling;
using Swarm.Manager;
using Swarm.Store;

namespace Swarm.Testing.ControlPlane;

/// <summary>The leader-only loops a manager runs besides the dispatcher's watchdog, as the daemon wires them.</summary>
public static class ManagerLoops
{
    public static IEnumerable<ILeaderLoop> All(IServiceProvider services)
    {
        var store = services.GetRequiredService<MemoryStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var logs = services.GetRequiredService<ILoggerFactory>();
        return
        [
            new ServiceOrchestrator(store, time, logs.CreateLogger<ServiceOrchestrator>()),
            new ConstraintEnforcerLoop(store, time, logs.CreateLogger<ConstraintEnforcerLoop>()),
            new TaskAllocatorLoop(store, time, logs.CreateLogger<TaskAllocatorLoop>()),
            new SchedulerLoop(store, time, logs.CreateLogger<SchedulerLoop>()),
            new TaskReaperLoop(store, time, logs.CreateLogger<TaskReaperLoop>()),
        ];
    }
}
