using Microsoft.Extensions.Logging;

namespace Swarm.Manager.Orchestration;

public sealed partial class ServiceOrchestrator
{
    [LoggerMessage(Level = LogLevel.Information, Message = "service orchestrator started: reconciling {Services} services")]
    private partial void LogStarted(int services);

    [LoggerMessage(Level = LogLevel.Debug, Message = "reconciled {Services} services: {Restarts} restart decisions and {Decisions} other decisions applied")]
    private partial void LogReconciled(int services, int restarts, int decisions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "orchestration pass over {Services} services failed; retrying shortly")]
    private partial void LogPassFailed(Exception error, int services);

    [LoggerMessage(Level = LogLevel.Information, Message = "service orchestrator watch closed ({Reason}); starting over")]
    private partial void LogWatchRestarted(string reason);
}
