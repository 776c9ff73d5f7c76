using Microsoft.Extensions.Logging;

namespace Swarm.Manager.Dispatching;

public sealed partial class HeartbeatWatchdog
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "dispatcher term started: {Count} ready nodes have {Grace} to reach this leader")]
        public static partial void TermStarted(ILogger logger, int count, TimeSpan grace);

        [LoggerMessage(Level = LogLevel.Warning, Message = "marked {Count} nodes down after missed heartbeats: {Nodes}")]
        public static partial void MarkedDown(ILogger logger, int count, string nodes);

        [LoggerMessage(Level = LogLevel.Warning, Message = "orphaned {Count} tasks of nodes down too long: {Nodes}")]
        public static partial void Orphaned(ILogger logger, int count, string nodes);

        [LoggerMessage(Level = LogLevel.Debug, Message = "marking nodes down lost a write race: {Reason}")]
        public static partial void MarkDownConflict(ILogger logger, string reason);
    }
}
