using Grpc.Core;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Manager.Dispatching;

namespace Swarm.Manager.LogBroker;

/// <summary>
/// The agent-facing log broker (see logbroker.proto). Serves on the leader only, to nodes with a live dispatcher
/// session. A node may publish only for a subscription sent to it and only lines of the tasks named to it: the
/// caller's node id comes from its certificate, so one node cannot speak for another.
/// </summary>
public sealed class LogBrokerService(LogSubscriptions subscriptions, SessionRegistry sessions)
    : AgentLogs.AgentLogsBase
{
    private static readonly NodeRole[] Nodes = [NodeRole.Worker, NodeRole.Manager];

    public override async Task ListenSubscriptions(
        ListenSubscriptionsRequest request, IServerStreamWriter<SubscriptionMessage> responseStream, ServerCallContext context)
    {
        var caller = CallerIdentity.Require(context, Nodes);
        EnsureServing();
        var session = sessions.Find(caller.NodeId, request.SessionId)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "session not found or ended: register again"));
        using var live = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, session.Ended);
        var listener = subscriptions.Listen(caller.NodeId);
        try
        {
            await foreach (var message in listener.Outbox.ReadAllAsync(live.Token))
                await responseStream.WriteAsync(message, live.Token);
        }
        catch (OperationCanceledException) when (live.IsCancellationRequested)
        {
            // The agent went away or its session ended: the stream simply ends.
        }
        finally
        {
            subscriptions.Unlisten(listener);
        }
    }

    public override async Task<PublishLogsResponse> PublishLogs(IAsyncStreamReader<PublishLogsMessage> requestStream, ServerCallContext context)
    {
        var caller = CallerIdentity.Require(context, Nodes);
        EnsureServing();
        LogSubscription? subscription = null;
        var closed = false;
        try
        {
            await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
            {
                subscription ??= subscriptions.Find(message.SubscriptionId);
                if (subscription is null)
                    return new PublishLogsResponse(); // the reader is gone: the agent stops when its next write fails
                if (message.SubscriptionId != subscription.Id)
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "one PublishLogs stream carries one subscription"));
                if (!subscription.WasSentTo(caller.NodeId))
                    throw Denied($"subscription {subscription.Id} was not sent to node {caller.NodeId}");
                foreach (var line in message.Lines)
                {
                    if (!subscription.Allows(caller.NodeId, line.TaskId))
                        throw Denied($"task {line.TaskId} is not part of subscription {subscription.Id} on node {caller.NodeId}");
                    var entry = new LogEntry(
                        caller.NodeId, line.TaskId, DateTimeOffset.UnixEpoch.AddTicks(line.TimeUnixNano / 100),
                        line.Stream == 2 ? (byte)2 : (byte)1, line.Data.Memory);
                    if (!await subscription.PublishAsync(entry, context.CancellationToken))
                        return new PublishLogsResponse();
                }
                if (message.Close)
                {
                    closed = true;
                    subscription.StreamFinished(caller.NodeId, message.Error.Length > 0 ? $"node {caller.NodeId}: {message.Error}" : null);
                    return new PublishLogsResponse();
                }
            }
            return new PublishLogsResponse();
        }
        finally
        {
            // A stream that ended without close (agent gone, denied) leaves nothing more to wait for from that node.
            if (subscription is not null && !closed && subscription.WasSentTo(caller.NodeId))
                subscription.StreamFinished(caller.NodeId, $"node {caller.NodeId} stopped sending logs before the end");
        }
    }

    private void EnsureServing()
    {
        if (!subscriptions.IsServing)
            throw new RpcException(new Status(StatusCode.Unavailable, "not the leader (or not serving yet): logs are brokered by the leader"));
    }

    private static RpcException Denied(string message) => new(new Status(StatusCode.PermissionDenied, message));
}
