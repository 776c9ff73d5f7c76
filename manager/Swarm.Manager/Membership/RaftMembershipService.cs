using Grpc.Core;
using Microsoft.Extensions.Logging;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Manager.Dispatching;
using Swarm.Store;

namespace Swarm.Manager.Membership;

/// <summary>
/// The leader's side of a manager joining or leaving the Raft cluster (ca.proto's RaftMembership). Only managers
/// may call it, and only for themselves: a joining manager's node must already have the manager role (its token
/// or a promotion gave it); one that leaves is removed unless that would cost the quorum, and becomes a worker.
/// </summary>
public sealed partial class RaftMembershipService(
    MemoryStore store,
    ILeadership leadership,
    ManagerDirectory managers,
    IManagerMembership membership,
    ILogger<RaftMembershipService> logger) : RaftMembership.RaftMembershipBase
{
    public override async Task<RaftJoinResponse> Join(RaftJoinRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.Require(context, NodeRole.Manager);
        EnsureLeader();
        var node = store.Snapshot().Nodes.Get(caller.NodeId);
        if (node is not { Role: NodeRole.Manager })
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"node {caller.NodeId} is not a manager"));
        if (string.IsNullOrEmpty(request.RaftAddr) || string.IsNullOrEmpty(request.Addr))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "raft_addr and addr are required"));
        await GuardAsync(async () =>
        {
            if (!membership.Members.Contains(request.RaftAddr, StringComparer.OrdinalIgnoreCase))
                await membership.AddAsync(request.RaftAddr, context.CancellationToken);
            await store.UpdateAsync(tx =>
            {
                if (tx.Nodes.Get(caller.NodeId) is { } current)
                    tx.Nodes.Update(current with { ManagerStatus = new ManagerStatus { Addr = request.Addr, RaftAddr = request.RaftAddr } });
            }, context.CancellationToken);
        });
        LogJoined(caller.NodeId, request.RaftAddr);
        return new RaftJoinResponse();
    }

    public override async Task<RaftLeaveResponse> Leave(RaftLeaveRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.Require(context, NodeRole.Manager);
        EnsureLeader();
        var snapshot = store.Snapshot();
        var raftAddress = snapshot.Nodes.Get(caller.NodeId)?.ManagerStatus?.RaftAddr;
        await GuardAsync(async () =>
        {
            if (!string.IsNullOrEmpty(raftAddress) && membership.Members.Contains(raftAddress, StringComparer.OrdinalIgnoreCase))
            {
                if (string.Equals(raftAddress, membership.Self, StringComparison.OrdinalIgnoreCase))
                {
                    await membership.ResignAsync(context.CancellationToken);
                    throw LeaderRedirect.NotLeader(leadership, managers, store);
                }
                var (members, reachable) = ManagerReachability.Count(snapshot, membership);
                if (!Quorum.SurvivesRemoval(members, reachable, removedIsReachable: true))
                {
                    throw new RpcException(new Status(StatusCode.FailedPrecondition,
                        $"removing this manager would leave the swarm without a quorum ({reachable} of {members} managers reachable)"));
                }
                await membership.RemoveAsync(raftAddress, context.CancellationToken);
            }
            await store.UpdateAsync(tx =>
            {
                if (tx.Nodes.Get(caller.NodeId) is { } current)
                {
                    tx.Nodes.Update(current with
                    {
                        Role = NodeRole.Worker,
                        Spec = current.Spec with { DesiredRole = NodeRole.Worker },
                        ManagerStatus = null,
                    });
                }
            }, context.CancellationToken);
        });
        LogLeft(caller.NodeId, raftAddress);
        return new RaftLeaveResponse();
    }

    private void EnsureLeader() => LeaderRedirect.EnsureLeader(leadership, managers, store);

    private Task GuardAsync(Func<Task> change) => LeaderRedirect.GuardAsync(leadership, managers, store, change);

    [LoggerMessage(Level = LogLevel.Information, Message = "manager {NodeId} joined the raft cluster at {RaftAddr}")]
    private partial void LogJoined(string nodeId, string raftAddr);

    [LoggerMessage(Level = LogLevel.Information, Message = "manager {NodeId} left the raft cluster ({RaftAddr})")]
    private partial void LogLeft(string nodeId, string? raftAddr);
}
