using Microsoft.Extensions.Logging;
using Swarm.Api.Objects;

namespace Swarm.Agent.Tasks;

internal sealed partial class TaskManager
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "task {TaskId} is now {State}: {Message}")]
        public static partial void Moved(ILogger logger, string taskId, TaskState state, string message);

        [LoggerMessage(Level = LogLevel.Error, Message = "stepping task {TaskId} crashed")]
        public static partial void StepCrashed(ILogger logger, string taskId, Exception error);
    }
}
