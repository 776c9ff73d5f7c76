using Microsoft.Extensions.Logging;

namespace Swarm.Manager.ControlApi.Events;

internal sealed partial class ClusterEventLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "event log watch restarted: {Reason}")]
    private partial void LogWatchRestarted(string reason);
}
