using Swarm.Agent.Certificates;
using SwarmInitRequest = Swarm.Api.EngineApi.SwarmInitRequest;
using Swarm.Api.Objects;
using Swarm.Manager.Ca;
using Swarm.Manager.ControlApi;
using Swarm.Manager.Membership;
using Swarm.Manager.Security;

namespace Swarm.Cli.Daemon.Cluster;

internal sealed partial class SwarmMode
{
    /// <summary>How long init waits for its Raft node to lead and its agent to register.</summary>
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// `swarm init`: a new root CA and data key (seals secrets), this node's manager certificate from the CA, a one-member Raft cluster, the cluster
    /// object (tokens, ingress network) and this node's agent. Anything that fails undoes the whole init.
    /// </summary>
    public async Task<string> InitAsync(SwarmInitRequest request, CancellationToken cancellationToken)
    {
        if (request.ForceNewCluster && membership is not null)
            return await ForceNewClusterAsync(cancellationToken);
        await changing.WaitAsync(cancellationToken);
        try
        {
            if (membership is not null || state != LocalNodeState.Inactive)
                throw ApiException.Unavailable(AlreadyInSwarm);
            var (listen, advertise) = ClusterAddresses.Resolve(request.ListenAddr, request.AdvertiseAddr);
            var clusterId = Ids.New();
            var ca = ClusterCa.Create(TimeProvider.System);
            var cluster = ClusterBootstrap.NewCluster(request, clusterId, ca.CertificatePem, ca.Digest);
            var node = new NodeMembership { NodeId = Ids.New(), Role = NodeRole.Manager, ListenAddress = listen, AdvertiseAddress = advertise };
            node = node with { Managers = [node.ClusterAddress] };
            state = LocalNodeState.Pending;
            try
            {
                ClearSavedState();
                certificates = NodeCertificateFiles.Save(paths.Certificates, IssueOwn(ca, node.NodeId, cluster));
                ca.Dispose();
                await StartManagerAsync(node, bootstrap: true, cancellationToken);
                using (var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    patience.CancelAfter(StartPatience);
                    await manager!.Raft.WaitForLeadershipAsync(patience.Token);
                }
                await ClusterBootstrap.InitializeAsync(store, cluster, FirstManager(node), cancellationToken);
                node.Save(paths);
                await StartAgentAsync(node, cancellationToken);
                await agent!.WaitRegisteredAsync(StartPatience, cancellationToken);
            }
            catch
            {
                await UndoAsync();
                throw;
            }
            membership = node;
            state = LocalNodeState.Active;
            LogInitialized(node.NodeId, node.ClusterAddress);
            return node.NodeId;
        }
        finally
        {
            changing.Release();
        }
    }

    /// <summary>The first manager signs its own certificate with the CA it just made.</summary>
    private static IssuedCertificate IssueOwn(ClusterCa ca, string nodeId, Swarm.Api.Objects.Cluster cluster)
    {
        var (keyPem, csr) = NodeCredentials.NewRequest();
        using var certificate = ca.Sign(csr, nodeId, NodeRole.Manager, cluster.Id, cluster.Spec.CaConfig.NodeCertExpiry, DateTimeOffset.UtcNow);
        return new IssuedCertificate(
            nodeId, NodeRole.Manager, certificate.ExportCertificatePem(), keyPem, ca.CertificatePem, ca.KeyPem, AesGcmSecretProtector.NewKey());
    }

    private static Swarm.Api.Objects.Node FirstManager(NodeMembership node) => new()
    {
        Id = node.NodeId,
        Role = NodeRole.Manager,
        Spec = new NodeSpec { DesiredRole = NodeRole.Manager },
        Status = new NodeStatus { State = NodeState.Unknown, Addr = node.AdvertiseAddress },
        ManagerStatus = new ManagerStatus { Addr = node.ClusterAddress, RaftAddr = node.RaftAdvertise.ToString() },
    };

    /// <summary>Stops whatever a failed init or join started and forgets it: the node is in no swarm again.</summary>
    private async Task UndoAsync()
    {
        await StopServicesAsync();
        ClearSavedState();
        membership = null;
        state = LocalNodeState.Inactive;
    }

    private void ClearSavedState()
    {
        if (Directory.Exists(paths.Root))
            Directory.Delete(paths.Root, recursive: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "swarm initialized: node {NodeId} is its first manager at {Address}")]
    private partial void LogInitialized(string nodeId, string address);
}
