using Microsoft.Extensions.Logging;

namespace Swarm.Agent;

public sealed partial class Agent
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "agent session with {Manager} started as node {NodeId}, heartbeat every {Period}")]
        public static partial void SessionStarted(ILogger logger, string manager, string nodeId, TimeSpan period);

        [LoggerMessage(Level = LogLevel.Information, Message = "manager {Manager} is not the leader; going to {Leader}")]
        public static partial void RedirectedToLeader(ILogger logger, string manager, string leader);

        [LoggerMessage(Level = LogLevel.Information, Message = "manager {Manager} lost the session ({Detail}); registering again")]
        public static partial void SessionLost(ILogger logger, string manager, string detail);

        [LoggerMessage(Level = LogLevel.Warning, Message = "agent session with {Manager} failed: {Reason}")]
        public static partial void SessionFailed(ILogger logger, string manager, string reason);
    }
}
