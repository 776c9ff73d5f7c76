using Microsoft.Extensions.Logging;
using Swarm.Api.Objects;

namespace Swarm.Manager.Orchestration;

public sealed partial class UpdaterLoop
{
    [LoggerMessage(Level = LogLevel.Information, Message = "updater started: looking at {Services} services")]
    private partial void LogStarted(int services);

    [LoggerMessage(Level = LogLevel.Information, Message = "service {Service} update state {State}: {Message}")]
    private partial void LogStatus(string service, UpdateState state, string? message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "update step of service {ServiceId} failed; retrying shortly")]
    private partial void LogStepFailed(Exception error, string serviceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "updater watch closed ({Reason}); starting over")]
    private partial void LogWatchRestarted(string reason);
}
