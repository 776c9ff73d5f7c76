using Microsoft.Extensions.Logging;

namespace Swarm.Engine.Executor;

internal sealed partial class ContainerTaskController
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: pulling {Image}")]
        public static partial void Pulling(ILogger logger, string taskId, string image);

        [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: created container {ContainerId} from image {ImageId}")]
        public static partial void Created(ILogger logger, string taskId, string containerId, string imageId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: removed container {ContainerId}")]
        public static partial void Removed(ILogger logger, string taskId, string containerId);
    }
}
