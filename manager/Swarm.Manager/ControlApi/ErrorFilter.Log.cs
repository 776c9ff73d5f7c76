using Microsoft.Extensions.Logging;

namespace Swarm.Manager.ControlApi;

internal sealed partial class ErrorFilter
{
    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private partial void LogFailed(string method, string path, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} forwarded to the leader: {Status}")]
    private partial void LogForwarded(string method, string path, int status);
}
