using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Manager.Dispatching;
using Swarm.Store;

namespace Swarm.Manager.ControlApi.Forwarding;

/// <summary>
/// The leader's side of forwarding (forwarding.proto): a write another manager received is replayed into this
/// manager's own Engine API and the answer returned unchanged. Managers only. A receiver that is not the leader
/// runs nothing and says so (UNAVAILABLE, naming the leader it knows): a request is forwarded at most once.
/// </summary>
internal sealed partial class ControlForwardingService(
    MemoryStore store,
    ILeadership leadership,
    ManagerDirectory managers,
    LocalControlApi local,
    ILogger<ControlForwardingService> logger) : ControlForwarding.ControlForwardingBase
{
    private static readonly string[] WriteMethods = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch];

    public override async Task<ForwardResponse> Forward(ForwardRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.Require(context, NodeRole.Manager);
        if (!WriteMethods.Contains(request.Method, StringComparer.OrdinalIgnoreCase) || !ForwardingRules.IsLocalPath(request.PathAndQuery))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"only API writes are forwarded, not {request.Method} {request.PathAndQuery}"));
        if (ForwardingRules.IsNodeLocal(request.PathAndQuery))
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{request.PathAndQuery} acts on the node it is sent to and is never forwarded"));
        if (!leadership.IsLeader)
            throw NotLeader();

        var forwarded = new ForwardedRequest(
            request.Method, request.PathAndQuery, request.HasContentType ? request.ContentType : null, request.Body.Memory, request.Headers);
        var answer = await local.SendAsync(forwarded, caller.NodeId, context.CancellationToken);
        LogForwarded(request.Method, request.PathAndQuery, caller.NodeId, answer.StatusCode);
        var response = new ForwardResponse { StatusCode = answer.StatusCode, Body = UnsafeByteOperations.UnsafeWrap(answer.Body) };
        if (answer.ContentType is not null)
            response.ContentType = answer.ContentType;
        return response;
    }

    private RpcException NotLeader()
    {
        var leader = managers.LeaderAddress(store.Snapshot());
        var trailers = new Metadata { { ForwardingRules.NotRunTrailer, "not-leader" } };
        if (leader is not null)
            trailers.Add(DispatchProtocol.LeaderAddressTrailer, leader);
        var message = leader is null
            ? "this manager is not the leader and knows none; a forwarded request is not forwarded again"
            : $"this manager is not the leader (the leader is {leader}); a forwarded request is not forwarded again";
        return new RpcException(new Status(StatusCode.Unavailable, message), trailers);
    }
}
