using Microsoft.Extensions.Logging;

namespace Swarm.Manager.Orchestration;

public sealed partial class TaskReaperLoop
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "task reaper deleted {Tasks} tasks")]
    private partial void LogReaped(int tasks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "task reaper pass failed; retrying shortly")]
    private partial void LogPassFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "task reaper watch closed ({Reason}); starting over")]
    private partial void LogWatchRestarted(string reason);
}
