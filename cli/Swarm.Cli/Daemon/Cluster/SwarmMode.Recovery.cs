using Swarm.Api.Objects;
using Swarm.Manager.ControlApi;

namespace Swarm.Cli.Daemon.Cluster;

internal sealed partial class SwarmMode
{
    /// <summary>
    /// `swarm init --force-new-cluster`: a manager that lost its quorum for good starts a one-member Raft cluster
    /// over its own log, keeping every service, secret and node. The other managers are no longer members: they are
    /// recorded as workers (they show as down until they come back, which makes them demote themselves, or until
    /// they are removed); new managers join as usual.
    /// </summary>
    private async Task<string> ForceNewClusterAsync(CancellationToken cancellationToken)
    {
        await changing.WaitAsync(cancellationToken);
        try
        {
            if (membership is not { Role: NodeRole.Manager } node || certificates is null)
                throw new Swarm.Api.Errors.InvalidSpecException("--force-new-cluster needs a manager of an existing swarm; this node is not one");
            // The node's services restart around the new membership; its certificates stay.
            await StopRenewalAsync();
            if (agent is not null)
                await agent.DisposeAsync();
            agent = null;
            await StopManagerAsync();
            File.Delete(Path.Combine(paths.Raft, "members")); // the Raft node then starts as the only member
            await StartManagerAsync(node, bootstrap: true, cancellationToken);
            using (var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                patience.CancelAfter(StartPatience);
                await manager!.Raft.WaitForLeadershipAsync(patience.Token);
            }
            await store.UpdateAsync(tx =>
            {
                foreach (var other in tx.Nodes.All().Where(n => n.Id != node.NodeId && (n.Role == NodeRole.Manager || n.ManagerStatus is not null)).ToList())
                {
                    tx.Nodes.Update(other with
                    {
                        Role = NodeRole.Worker,
                        Spec = other.Spec with { DesiredRole = NodeRole.Worker },
                        ManagerStatus = null,
                    });
                }
            }, cancellationToken);
            await StartAgentAsync(node, cancellationToken);
            state = LocalNodeState.Active;
            LogForcedNewCluster(node.NodeId);
            return node.NodeId;
        }
        catch (Exception e) when (e is not Swarm.Api.Errors.InvalidSpecException)
        {
            state = LocalNodeState.Error;
            throw ApiException.Unavailable($"could not force a new cluster: {e.Message}");
        }
        finally
        {
            changing.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "forced a new cluster: node {NodeId} is the only manager; the others were made workers")]
    private partial void LogForcedNewCluster(string nodeId);
}
