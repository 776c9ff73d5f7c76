using Swarm.Agent.Certificates;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Engine.Executor;
using Swarm.Manager.ControlApi;
using Swarm.Store.Transactions;

namespace Swarm.Cli.Daemon.Cluster;

internal sealed partial class SwarmMode
{
    /// <summary>
    /// `swarm leave`: a manager needs --force (Docker's rule: it may cost the quorum). A manager that leaves first
    /// asks the leader to take it out of the Raft cluster when others remain, so the quorum arithmetic stays right.
    /// The node's task containers are removed with it: no swarm manages them any more.
    /// </summary>
    public async Task LeaveAsync(bool force, CancellationToken cancellationToken)
    {
        await changing.WaitAsync(cancellationToken);
        try
        {
            if (membership is not { } node)
            {
                if (state == LocalNodeState.Error)
                {
                    await UndoAsync();
                    return;
                }
                throw ApiException.Unavailable(NotInSwarm);
            }
            if (manager is not null && !force)
                throw new InvalidSpecException(ManagerLeaveWarning());
            if (manager is not null)
                await LeaveRaftAsync(node, cancellationToken);
            await UndoAsync();
            await RemoveTaskContainersAsync(cancellationToken);
            LogLeft(node.NodeId);
        }
        finally
        {
            changing.Release();
        }
    }

    /// <summary>Docker's words for a manager leaving without --force.</summary>
    private string ManagerLeaveWarning()
    {
        const string Prefix = "You are attempting to leave the swarm on a node that is participating as a manager. ";
        var managers = store.Snapshot().Nodes.ByRole(NodeRole.Manager).ToList();
        var reachable = managers.Count(n => n.Status.State == NodeState.Ready);
        if (managers.Count <= 1)
            return Prefix + "Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message. ";
        var quorumLost = reachable - 1 < Swarm.Manager.Membership.Quorum.Of(managers.Count);
        return Prefix
            + (quorumLost ? $"Removing this node leaves {reachable - 1} managers out of {managers.Count}. Without a Raft quorum your swarm will be inaccessible. " : "")
            + "The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. Use `--force` to suppress this message.";
    }

    /// <summary>Best effort: the leader may be gone, or the removal would cost the quorum (then the node just goes).</summary>
    private async Task LeaveRaftAsync(NodeMembership node, CancellationToken cancellationToken)
    {
        if (manager!.Raft.Members.Count <= 1)
            return;
        try
        {
            await HandOverLeadershipAsync(cancellationToken);
            var others = store.Snapshot().Nodes.ByRole(NodeRole.Manager)
                .Where(n => n.Id != node.NodeId && n.ManagerStatus is { Addr.Length: > 0 })
                .Select(n => n.ManagerStatus!.Addr).ToList();
            await NodeCaClient.LeaveRaftAsync(others, certificates!.Certificate, certificates.RootCa, cancellationToken);
        }
        catch (JoinException e)
        {
            LogRaftLeaveFailed(node.NodeId, e.Message);
        }
    }

    /// <summary>A leader cannot remove itself: it steps down until another manager leads (bounded; best effort).</summary>
    private async Task HandOverLeadershipAsync(CancellationToken cancellationToken)
    {
        var raftNode = manager!.Raft;
        var self = raftNode.Address.ToString();
        for (var attempt = 0; attempt < 5 && raftNode.IsLeader; attempt++)
        {
            await raftNode.ResignAsync(cancellationToken);
            for (var wait = 0; wait < 20 && (raftNode.LeaderAddress is null || raftNode.LeaderAddress == self); wait++)
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private async Task RemoveTaskContainersAsync(CancellationToken cancellationToken)
    {
        foreach (var container in executor.TaskContainers())
        {
            try
            {
                await executor.RemoveContainerAsync(container, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogContainerNotRemoved(container, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node {NodeId} left the swarm")]
    private partial void LogLeft(string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node {NodeId} leaves without being taken out of the raft cluster: {Reason}")]
    private partial void LogRaftLeaveFailed(string nodeId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "task container {Container} could not be removed: {Reason}")]
    private partial void LogContainerNotRemoved(string container, string reason);
}
