using Microsoft.Extensions.Logging;

namespace Swarm.Manager.ControlApi.Forwarding;

internal sealed partial class ControlForwardingService
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "ran {Method} {Path} forwarded by {NodeId}: {Status}")]
    private partial void LogForwarded(string method, string path, string nodeId, int status);
}
