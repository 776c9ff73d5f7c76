using Microsoft.Extensions.Logging;

namespace Swarm.Engine.Api;

public sealed partial class EngineContainers
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Created container {ContainerId} ({Name}) from {Image}")]
        public static partial void Created(ILogger logger, string containerId, string name, string image);

        [LoggerMessage(Level = LogLevel.Information, Message = "Removed container {ContainerId} after it exited (--rm)")]
        public static partial void AutoRemoved(ILogger logger, string containerId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not auto-remove container {ContainerId}: {Reason}")]
        public static partial void AutoRemoveFailed(ILogger logger, string containerId, string reason);
    }
}
