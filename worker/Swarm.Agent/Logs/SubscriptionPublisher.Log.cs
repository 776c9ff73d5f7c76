using Microsoft.Extensions.Logging;

namespace Swarm.Agent.Logs;

internal sealed partial class SubscriptionPublisher
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "publishing logs of subscription {Id} failed: {Reason}")]
        public static partial void PublishFailed(ILogger logger, string id, string reason);
    }
}
