using Microsoft.Extensions.Logging;

namespace Swarm.Manager.Allocation;

public sealed partial class TaskAllocatorLoop
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "allocator moved {Count} tasks to PENDING")]
        public static partial void Allocated(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Debug, Message = "allocator lost a write race, retrying: {Reason}")]
        public static partial void AllocationConflict(ILogger logger, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "allocator watch closed, rebuilding from the store: {Reason}")]
        public static partial void WatchRestarted(ILogger logger, string reason);
    }
}
