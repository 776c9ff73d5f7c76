using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Swarm.Manager.ControlApi.Forwarding;

internal sealed partial class GrpcLeaderForwarder
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "forwarding to {Leader} did not run ({Detail}); trying again")]
    private partial void LogAttemptFailed(string leader, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "forwarded request to {Leader} lost its answer; outcome unknown: {Detail}")]
    private partial void LogOutcomeUnknown(string leader, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "leader {Leader} refused a forwarded request: {Code} {Detail}")]
    private partial void LogRefused(string leader, StatusCode code, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "after a forwarded write this store did not catch up with the leader: {Reason}")]
    private partial void LogCatchUpFailed(string reason);
}
