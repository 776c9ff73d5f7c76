using Grpc.Core;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;

namespace Swarm.Manager.Dispatching;

/// <summary>Who is calling: read from the client certificate Kestrel already checked against our CA.</summary>
public sealed record CallerIdentity(string NodeId, NodeRole Role)
{
    /// <summary>The caller, if its certificate names one of <paramref name="allowed"/>; PERMISSION_DENIED otherwise.</summary>
    public static CallerIdentity Require(ServerCallContext context, params NodeRole[] allowed)
    {
        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        var nodeId = certificate is null ? null : NodeCertificate.NodeIdOf(certificate);
        var role = certificate is null ? null : NodeCertificate.RoleOf(certificate) switch
        {
            DispatchProtocol.WorkerRole => NodeRole.Worker,
            DispatchProtocol.ManagerRole => NodeRole.Manager,
            _ => (NodeRole?)null,
        };
        if (string.IsNullOrEmpty(nodeId) || role is null)
            throw new RpcException(new Status(StatusCode.Unauthenticated, "a node certificate (CN = node id, OU = role) is required"));
        if (!allowed.Contains(role.Value))
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"role {role} may not call {context.Method}"));
        return new CallerIdentity(nodeId, role.Value);
    }
}
