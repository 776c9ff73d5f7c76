using Microsoft.Extensions.Logging;

namespace Swarm.Agent.Tasks;

internal sealed partial class TaskSupervisor
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "task {TaskId} is no longer assigned here; removing it")]
        public static partial void Removing(ILogger logger, string taskId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "removing task {TaskId} failed")]
        public static partial void RemoveFailed(ILogger logger, string taskId, Exception error);
    }
}
