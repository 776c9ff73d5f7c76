using Microsoft.Extensions.Logging;

namespace Swarm.Manager.Orchestration;

public sealed partial class ConstraintEnforcerLoop
{
    [LoggerMessage(Level = LogLevel.Information, Message = "constraint enforcer rejected {Tasks} tasks on {Nodes} changed nodes")]
    private partial void LogRejected(int tasks, int nodes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "constraint enforcer pass failed; retrying shortly")]
    private partial void LogPassFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "constraint enforcer watch closed ({Reason}); starting over")]
    private partial void LogWatchRestarted(string reason);
}
