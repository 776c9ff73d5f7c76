using Grpc.Core;
using Microsoft.Extensions.Logging;
using Swarm.Api.Dispatch;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.Dispatching;
using Swarm.Store;

namespace Swarm.Manager.Ca;

/// <summary>
/// The CA's gRPC endpoint (ca.proto): hands out the root certificate, joins nodes that present a join token and
/// renews certificates of nodes that present theirs. Joining and renewing are leader-only (they write the store);
/// a node removed from the swarm gets no certificate. Managers are also given the CA's key and the swarm's data key.
/// </summary>
public sealed partial class NodeCaService(
    MemoryStore store,
    ILeadership leadership,
    ManagerDirectory managers,
    ClusterCa ca,
    Security.SwarmDataKey dataKey,
    TimeProvider time,
    ILogger<NodeCaService> logger) : NodeCa.NodeCaBase
{
    public override Task<GetRootCaCertificateResponse> GetRootCaCertificate(GetRootCaCertificateRequest request, ServerCallContext context)
        => Task.FromResult(new GetRootCaCertificateResponse { CertificatePem = ca.CertificatePem });

    public override async Task<NodeCertificateResponse> IssueNodeCertificate(IssueNodeCertificateRequest request, ServerCallContext context)
    {
        EnsureLeader();
        var cluster = store.Snapshot().Clusters.All().FirstOrDefault()
            ?? throw new RpcException(new Status(StatusCode.Unavailable, "the swarm is still initialising"));
        // SwarmKit's words, which the docker CLI shows as they are.
        var role = JoinToken.RoleOf(request.Token, cluster.JoinTokens)
            ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "A valid join token is necessary to join this cluster"));
        var availability = Availability(request.Availability);
        var nodeId = Ids.New();
        var certificate = Sign(request.Csr, nodeId, role, cluster);
        var remote = context.GetHttpContext().Connection.RemoteIpAddress;
        var addr = request.Addr.Length > 0 ? request.Addr : remote?.MapToIPv4().ToString();
        await GuardAsync(() => store.UpdateAsync(tx => tx.Nodes.Create(new Node
        {
            Id = nodeId,
            Role = role,
            Spec = new NodeSpec { DesiredRole = role, Availability = availability },
            Status = new NodeStatus { State = NodeState.Unknown, Addr = addr },
        }), context.CancellationToken));
        LogJoined(nodeId, role, addr);
        return Response(nodeId, role, certificate);
    }

    public override async Task<NodeCertificateResponse> RenewNodeCertificate(RenewNodeCertificateRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.Require(context, NodeRole.Worker, NodeRole.Manager);
        EnsureLeader();
        var snapshot = store.Snapshot();
        var cluster = snapshot.Clusters.All().First();
        var node = snapshot.Nodes.Get(caller.NodeId)
            ?? throw new RpcException(new Status(StatusCode.PermissionDenied, $"node {caller.NodeId} is not part of this swarm (it was removed)"));
        var certificate = Sign(request.Csr, node.Id, node.Role, cluster);
        LogRenewed(node.Id, node.Role);
        return await Task.FromResult(Response(node.Id, node.Role, certificate));
    }

    private string Sign(Google.Protobuf.ByteString csr, string nodeId, NodeRole role, Cluster cluster)
    {
        try
        {
            using var certificate = ca.Sign(csr.Span, nodeId, role, cluster.Id, cluster.Spec.CaConfig.NodeCertExpiry, time.GetUtcNow());
            return certificate.ExportCertificatePem();
        }
        catch (InvalidSpecException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
    }

    private NodeCertificateResponse Response(string nodeId, NodeRole role, string certificatePem) => new()
    {
        NodeId = nodeId,
        Role = ClusterCa.RoleName(role),
        CertificatePem = certificatePem,
        RootCaPem = ca.CertificatePem,
        CaKeyPem = role == NodeRole.Manager ? ca.KeyPem : "",
        DataKey = role == NodeRole.Manager ? Google.Protobuf.ByteString.CopyFrom(dataKey.Key) : Google.Protobuf.ByteString.Empty,
    };

    private static NodeAvailability Availability(string value) => value.ToLowerInvariant() switch
    {
        "" or "active" => NodeAvailability.Active,
        "pause" => NodeAvailability.Pause,
        "drain" => NodeAvailability.Drain,
        _ => throw new RpcException(new Status(StatusCode.InvalidArgument, $"invalid availability \"{value}\": active, pause or drain")),
    };

    private void EnsureLeader() => LeaderRedirect.EnsureLeader(leadership, managers, store);

    private Task GuardAsync(Func<Task> change) => LeaderRedirect.GuardAsync(leadership, managers, store, change);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {NodeId} joined as {Role} from {Addr}")]
    private partial void LogJoined(string nodeId, NodeRole role, string? addr);

    [LoggerMessage(Level = LogLevel.Information, Message = "renewed the certificate of node {NodeId} ({Role})")]
    private partial void LogRenewed(string nodeId, NodeRole role);
}
