using Microsoft.Extensions.Logging;

namespace Swarm.Agent.Logs;

internal sealed partial class LogPublisher
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "log subscription stream failed, listening again: {Reason}")]
        public static partial void ListenFailed(ILogger logger, string reason);
    }
}
