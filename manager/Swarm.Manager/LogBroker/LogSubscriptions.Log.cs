using Microsoft.Extensions.Logging;

namespace Swarm.Manager.LogBroker;

public sealed partial class LogSubscriptions
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "log subscription {Id} sent to {Nodes} nodes ({Missing} not available)")]
        public static partial void Subscribed(ILogger logger, string id, int nodes, int missing);
    }
}
