using Microsoft.Extensions.Logging;

namespace Swarm.Manager.Dispatching;

public sealed partial class DispatcherService
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "node {NodeId} registered from {Addr}")]
        public static partial void Registered(ILogger logger, string nodeId, string addr);

        [LoggerMessage(Level = LogLevel.Warning, Message = "assignments watch of node {NodeId} closed, sending its complete set again: {Reason}")]
        public static partial void AssignmentsResent(ILogger logger, string nodeId, string reason);
    }
}
