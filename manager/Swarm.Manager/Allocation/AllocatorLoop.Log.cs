using Microsoft.Extensions.Logging;

namespace Swarm.Manager.Allocation;

public sealed partial class AllocatorLoop
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "allocator moved {Count} tasks to PENDING")]
        public static partial void Allocated(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Information, Message = "network {Network} allocated: subnet {Subnets}")]
        public static partial void NetworkAllocated(ILogger logger, string network, string subnets);

        [LoggerMessage(Level = LogLevel.Warning, Message = "network {Network} cannot be allocated: {Reason}")]
        public static partial void NetworkFailed(ILogger logger, string network, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "service {Service} endpoint cannot be allocated: {Reason}")]
        public static partial void ServiceFailed(ILogger logger, string service, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "allocation round failed; rebuilding from the store")]
        public static partial void RoundFailed(ILogger logger, Exception error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "allocator watch closed, rebuilding from the store: {Reason}")]
        public static partial void WatchRestarted(ILogger logger, string reason);
    }
}
