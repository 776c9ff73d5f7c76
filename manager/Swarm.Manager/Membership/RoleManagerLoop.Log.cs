using Microsoft.Extensions.Logging;

namespace Swarm.Manager.Membership;

public sealed partial class RoleManagerLoop
{
    [LoggerMessage(Level = LogLevel.Information, Message = "node {NodeId} promoted to manager")]
    private partial void LogPromoted(string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {NodeId} demoted to worker and removed from the Raft cluster")]
    private partial void LogDemoted(string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {NodeId} is to be demoted and leads: stepping down")]
    private partial void LogResigning(string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "demoting node {NodeId} would lose quorum ({Reachable} of {Members} managers reachable); waiting")]
    private partial void LogWouldLoseQuorum(string nodeId, int members, int reachable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "role change of node {NodeId} failed; retrying")]
    private partial void LogChangeFailed(Exception error, string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "role manager watch closed ({Reason}); starting over")]
    private partial void LogWatchRestarted(string reason);
}
