using Swarm.Agent.Certificates;
using Swarm.Api.EngineApi;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.ControlApi;

namespace Swarm.Cli.Daemon.Cluster;

internal sealed partial class SwarmMode
{
    /// <summary>
    /// `swarm join`: a certificate from the swarm's CA for the token's role; a manager then starts its Raft node
    /// empty and asks the leader to add it (the leader sends it the state); every node starts its agent. Returns once
    /// the node registered (Docker's own wait), or says the join goes on in the background.
    /// </summary>
    public async Task JoinAsync(SwarmJoinRequest request, CancellationToken cancellationToken)
    {
        if (request.RemoteAddrs.Count == 0)
            throw new InvalidSpecException("at least 1 RemoteAddr is required to join");
        await changing.WaitAsync(cancellationToken);
        try
        {
            if (membership is not null || state != LocalNodeState.Inactive)
                throw ApiException.Unavailable(AlreadyInSwarm);
            var (listen, advertise) = ClusterAddresses.ResolveForJoin(request.ListenAddr, request.AdvertiseAddr, request.RemoteAddrs[0]);
            state = LocalNodeState.Pending;
            NodeMembership node;
            try
            {
                ClearSavedState();
                var issued = await IssueAsync(request, advertise, cancellationToken);
                node = new NodeMembership
                {
                    NodeId = issued.NodeId, Role = issued.Role, ListenAddress = listen, AdvertiseAddress = advertise,
                    Managers = [.. request.RemoteAddrs],
                };
                certificates = NodeCertificateFiles.Save(paths.Certificates, issued);
                if (node.Role == NodeRole.Manager)
                    await JoinRaftAsync(node, cancellationToken);
                node.Save(paths);
                await StartAgentAsync(node, cancellationToken);
            }
            catch (Exception e)
            {
                await UndoAsync();
                if (e is JoinException refused)
                    throw new InvalidSpecException(refused.Message);
                throw;
            }
            membership = node;
            state = LocalNodeState.Active;
            LogJoined(node.NodeId, node.Role, request.RemoteAddrs[0]);
            if (!await agent!.WaitRegisteredAsync(StartPatience, cancellationToken))
                throw ApiException.Unavailable("Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the \"docker info\" command to see the current swarm status of your node.");
            if (manager is not null)
                await store.ReadBarrierAsync(cancellationToken); // this manager's reads then show itself READY
        }
        finally
        {
            changing.Release();
        }
    }

    /// <summary>Tries each remote address in turn; the last refusal is the answer.</summary>
    private static async Task<IssuedCertificate> IssueAsync(SwarmJoinRequest request, string advertise, CancellationToken cancellationToken)
    {
        JoinException? last = null;
        foreach (var remote in request.RemoteAddrs)
        {
            try
            {
                return await NodeCaClient.JoinAsync(WithPort(remote), request.JoinToken, request.Availability ?? "active", advertise, cancellationToken);
            }
            catch (JoinException e)
            {
                last = e;
            }
        }
        throw last!;
    }

    /// <summary>Starts this node's Raft node (empty, not bootstrapped) and the manager half, then asks the leader to add it.</summary>
    private async Task JoinRaftAsync(NodeMembership node, CancellationToken cancellationToken)
    {
        ResetStore();
        DeleteRaftState();
        await StartManagerAsync(node, bootstrap: false, cancellationToken);
        await NodeCaClient.JoinRaftAsync(node.Managers, certificates!.Certificate, certificates.RootCa,
            node.RaftAdvertise.ToString(), node.ClusterAddress, cancellationToken);
        // Serve reads once this store holds what the leader committed so far (it arrives with the membership).
        await store.ReadBarrierAsync(cancellationToken);
    }

    private void DeleteRaftState()
    {
        if (Directory.Exists(paths.Raft))
            Directory.Delete(paths.Raft, recursive: true);
    }

    private static string WithPort(string address) => address.Contains(':', StringComparison.Ordinal) ? address : $"{address}:{ClusterAddresses.DefaultPort}";

    [LoggerMessage(Level = LogLevel.Information, Message = "joined the swarm as node {NodeId} ({Role}) through {Remote}")]
    private partial void LogJoined(string nodeId, NodeRole role, string remote);
}
