using Grpc.Core;
using Microsoft.Extensions.Logging;
using Swarm.Api.Dispatch;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store;
using Swarm.Store.Transactions;

namespace Swarm.Manager.Dispatching;

/// <summary>
/// The dispatcher's gRPC endpoint (see dispatcher.proto). It serves only on the leader while a term is running
/// (<see cref="SessionRegistry.IsActive"/>); elsewhere every call fails UNAVAILABLE naming the leader. Node state
/// lives in the store: registering marks the node READY, the <see cref="HeartbeatWatchdog"/> marks it DOWN.
/// </summary>
public sealed partial class DispatcherService(
    MemoryStore store,
    ILeadership leadership,
    SessionRegistry sessions,
    ManagerDirectory managers,
    TaskStatusBatcher statuses,
    DispatcherOptions options,
    TimeProvider time,
    Security.ISecretProtector protector,
    ILogger<DispatcherService> logger) : Dispatcher.DispatcherBase
{
    private const int MaxConflictRetries = 5;
    private static readonly NodeRole[] Nodes = [NodeRole.Worker, NodeRole.Manager];

    public override Task<RegisterResponse> Register(RegisterRequest request, ServerCallContext context) => GuardAsync(async () =>
    {
        var caller = CallerIdentity.Require(context, Nodes);
        EnsureServing();
        RefuseRemoved(store.Snapshot(), caller);
        var description = DispatchPayload.Decode<NodeDescription>(request.Description);
        var remote = context.GetHttpContext().Connection.RemoteIpAddress;
        var addr = request.Addr.Length > 0 ? request.Addr
            : remote is null ? ""
            : (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
        var period = Jittered(HeartbeatPeriod(store.Snapshot()));
        var session = sessions.Open(caller.NodeId, period * options.GracePeriodMultiplier);
        await MarkReadyAsync(caller, description, addr, context.CancellationToken);
        Log.Registered(logger, caller.NodeId, addr);
        var response = new RegisterResponse
        {
            SessionId = session.Id, NodeId = caller.NodeId, HeartbeatPeriodMs = (long)period.TotalMilliseconds,
            Role = RoleOf(store.Snapshot(), caller),
        };
        response.Managers.AddRange(managers.Managers(store.Snapshot()));
        return response;
    });

    public override Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context) => GuardAsync(() =>
    {
        var caller = CallerIdentity.Require(context, Nodes);
        EnsureServing();
        var snapshot = store.Snapshot();
        RefuseRemoved(snapshot, caller);
        var period = Jittered(HeartbeatPeriod(snapshot));
        if (!sessions.Beat(caller.NodeId, request.SessionId, period * options.GracePeriodMultiplier))
            throw SessionNotFound();
        var response = new HeartbeatResponse { HeartbeatPeriodMs = (long)period.TotalMilliseconds, Role = RoleOf(snapshot, caller) };
        response.Managers.AddRange(managers.Managers(snapshot));
        return Task.FromResult(response);
    });

    public override Task<UpdateTaskStatusResponse> UpdateTaskStatus(UpdateTaskStatusRequest request, ServerCallContext context) => GuardAsync(async () =>
    {
        var caller = CallerIdentity.Require(context, Nodes);
        EnsureServing();
        if (sessions.Find(caller.NodeId, request.SessionId) is null)
            throw SessionNotFound();
        var updates = request.Updates.Select(u => (u.TaskId, DispatchPayload.Decode<SwarmTaskStatus>(u.Status))).ToList();
        if (updates.Count > 0)
            await statuses.EnqueueAsync(caller.NodeId, updates, context.CancellationToken);
        return new UpdateTaskStatusResponse();
    });

    /// <summary>A node removed with `node rm` keeps a valid certificate until it expires: refused by id meanwhile.</summary>
    private void RefuseRemoved(ReadTransaction snapshot, CallerIdentity caller)
    {
        if (snapshot.Nodes.Get(caller.NodeId) is null
            && Membership.RemovedNodes.IsRemoved(snapshot.Clusters.All().FirstOrDefault(), caller.NodeId, time.GetUtcNow()))
            throw new RpcException(new Status(StatusCode.PermissionDenied, Membership.RemovedNodes.Refusal(caller.NodeId)));
    }

    /// <summary>The node's role as the store has it (promotions and demotions reach the node this way).</summary>
    private static string RoleOf(ReadTransaction snapshot, CallerIdentity caller)
        => Ca.ClusterCa.RoleName(snapshot.Nodes.Get(caller.NodeId)?.Role ?? caller.Role);

    /// <summary>The period given to one agent for its next beat; its deadline is counted from the same value.</summary>
    private TimeSpan Jittered(TimeSpan period) => period + (period * (options.HeartbeatJitter * Random.Shared.NextDouble()));

    /// <summary>The cluster's heartbeat period, or the default while there is no cluster object.</summary>
    private TimeSpan HeartbeatPeriod(ReadTransaction snapshot)
        => snapshot.Clusters.All().FirstOrDefault()?.Spec.Dispatcher.HeartbeatPeriod is { } p && p > TimeSpan.Zero
            ? p
            : options.DefaultHeartbeatPeriod;

    private async Task MarkReadyAsync(CallerIdentity caller, NodeDescription description, string addr, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.UpdateAsync(tx =>
                {
                    var status = new NodeStatus { State = NodeState.Ready, Addr = addr };
                    if (tx.Nodes.Get(caller.NodeId) is { } node)
                    {
                        tx.Nodes.Update(node with { Description = description, Status = status });
                        return;
                    }
                    tx.Nodes.Create(new Node
                    {
                        Id = caller.NodeId,
                        Role = caller.Role,
                        Spec = new NodeSpec { DesiredRole = caller.Role },
                        Description = description,
                        Status = status,
                    });
                }, cancellationToken);
                return;
            }
            catch (VersionConflictException) when (attempt < MaxConflictRetries)
            {
                // The watchdog (or an operator) wrote the node meanwhile: read it again.
            }
        }
    }

    /// <summary>Fails the call unless this manager leads and its term is running.</summary>
    private void EnsureServing()
    {
        if (!leadership.IsLeader || !sessions.IsActive)
            throw NotLeader();
    }

    private RpcException NotLeader() => LeaderRedirect.NotLeader(leadership, managers, store);

    private static RpcException SessionNotFound()
        => new(new Status(StatusCode.NotFound, "session not found or ended: register again"));

    /// <summary>Maps our error types to gRPC status codes; RpcExceptions pass through.</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (NotLeaderException)
        {
            throw NotLeader();
        }
        catch (InvalidSpecException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        catch (VersionConflictException e)
        {
            throw new RpcException(new Status(StatusCode.Aborted, e.Message));
        }
    }
}
