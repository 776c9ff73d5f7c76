using Microsoft.Extensions.Logging;

namespace Swarm.Manager.Scheduling;

public sealed partial class SchedulerLoop
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "scheduler assigned {Count} tasks")]
        public static partial void Assigned(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Debug, Message = "scheduler left {Count} tasks pending, e.g. {Explanation}")]
        public static partial void Unschedulable(ILogger logger, int count, string explanation);

        [LoggerMessage(Level = LogLevel.Debug, Message = "scheduler lost a write race, planning again: {Reason}")]
        public static partial void SchedulingConflict(ILogger logger, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "scheduler watch closed, rebuilding from the store: {Reason}")]
        public static partial void WatchRestarted(ILogger logger, string reason);
    }
}
