using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;

namespace Swarm.Agent.Tests;

/// <summary>
/// A small dispatcher for agent tests: one node's assignments held in memory, pushed as a COMPLETE set on each new
/// stream and INCREMENTAL changes after; every status the agent reports is recorded.
/// </summary>
internal sealed class TestDispatcher : Dispatcher.DispatcherBase
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SwarmTask> tasks = new();
    private readonly Dictionary<string, Secret> secrets = new();
    private readonly List<(Channel<AssignmentsMessage> Channel, ulong[] Sequence)> streams = [];
    private readonly CancellationTokenSource killed = new();
    private string? session;

    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromMilliseconds(100);
    /// <summary>When set, every call fails UNAVAILABLE naming this address as the leader.</summary>
    public string? RedirectTo { get; set; }
    /// <summary>When true, UpdateTaskStatus fails (the agent must keep the statuses and resend them).</summary>
    public bool RejectStatuses { get; set; }

    public int Registrations;
    public int Heartbeats;
    public string? RegisteredHostname { get; private set; }
    public ConcurrentQueue<(string TaskId, SwarmTaskStatus Status)> Reported { get; } = new();
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public SwarmTaskStatus? LatestStatus(string taskId)
        => Reported.Where(r => r.TaskId == taskId).Select(r => r.Status).MaxBy(s => s.State);

    public void Assign(SwarmTask task) => Push(() =>
    {
        tasks[task.Id] = task;
        return Change(AssignmentChange.Types.Kind.Task, task.Id, task);
    });

    public void AddSecret(Secret secret) => Push(() =>
    {
        secrets[secret.Id] = secret;
        return Change(AssignmentChange.Types.Kind.Secret, secret.Id, secret);
    });

    public void Unassign(string taskId) => Push(() =>
    {
        tasks.Remove(taskId);
        return new AssignmentChange { Action = AssignmentChange.Types.Action.Remove, Kind = AssignmentChange.Types.Kind.Task, Id = taskId };
    });

    /// <summary>Ends every stream and fails every later call, like a manager that went away.</summary>
    public void Kill() => killed.Cancel();

    public override Task<RegisterResponse> Register(RegisterRequest request, ServerCallContext context)
    {
        Guard(context);
        Interlocked.Increment(ref Registrations);
        RegisteredHostname = DispatchPayload.Decode<NodeDescription>(request.Description).Hostname;
        session = Guid.NewGuid().ToString("N");
        return Task.FromResult(new RegisterResponse
        {
            SessionId = session,
            NodeId = NodeIdOf(context),
            HeartbeatPeriodMs = (long)HeartbeatPeriod.TotalMilliseconds,
        });
    }

    public override Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        Guard(context, request.SessionId);
        Interlocked.Increment(ref Heartbeats);
        return Task.FromResult(new HeartbeatResponse { HeartbeatPeriodMs = (long)HeartbeatPeriod.TotalMilliseconds });
    }

    public override async Task Assignments(AssignmentsRequest request, IServerStreamWriter<AssignmentsMessage> responseStream, ServerCallContext context)
    {
        Guard(context, request.SessionId);
        var channel = Channel.CreateUnbounded<AssignmentsMessage>();
        lock (gate)
        {
            var complete = new AssignmentsMessage { Type = AssignmentsMessage.Types.Type.Complete, Sequence = 1 };
            complete.Changes.AddRange(secrets.Values.Select(s => Change(AssignmentChange.Types.Kind.Secret, s.Id, s)));
            complete.Changes.AddRange(tasks.Values.Select(t => Change(AssignmentChange.Types.Kind.Task, t.Id, t)));
            channel.Writer.TryWrite(complete);
            streams.Add((channel, [1]));
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, killed.Token);
        try
        {
            await foreach (var message in channel.Reader.ReadAllAsync(stop.Token))
                await responseStream.WriteAsync(message, stop.Token);
        }
        catch (OperationCanceledException) when (killed.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "manager shutting down"));
        }
        finally
        {
            lock (gate)
                streams.RemoveAll(s => s.Channel == channel);
        }
    }

    public override Task<UpdateTaskStatusResponse> UpdateTaskStatus(UpdateTaskStatusRequest request, ServerCallContext context)
    {
        Guard(context, request.SessionId);
        if (RejectStatuses)
            throw new RpcException(new Status(StatusCode.Internal, "store unavailable"));
        BatchSizes.Enqueue(request.Updates.Count);
        foreach (var update in request.Updates)
            Reported.Enqueue((update.TaskId, DispatchPayload.Decode<SwarmTaskStatus>(update.Status)));
        return Task.FromResult(new UpdateTaskStatusResponse());
    }

    private void Guard(ServerCallContext context, string? sessionId = null)
    {
        if (killed.IsCancellationRequested)
            throw new RpcException(new Status(StatusCode.Unavailable, "manager shutting down"));
        if (RedirectTo is { } leader)
            throw new RpcException(new Status(StatusCode.Unavailable, "not the leader"),
                new Metadata { { DispatchProtocol.LeaderAddressTrailer, leader } });
        if (sessionId is not null && sessionId != session)
            throw new RpcException(new Status(StatusCode.NotFound, "unknown session"));
    }

    private static string NodeIdOf(ServerCallContext context)
        => NodeCertificate.NodeIdOf(context.GetHttpContext().Connection.ClientCertificate!) ?? "";

    private void Push(Func<AssignmentChange> apply)
    {
        lock (gate)
        {
            var change = apply();
            foreach (var (channel, sequence) in streams)
            {
                var message = new AssignmentsMessage { Type = AssignmentsMessage.Types.Type.Incremental, Sequence = ++sequence[0] };
                message.Changes.Add(change);
                channel.Writer.TryWrite(message);
            }
        }
    }

    private static AssignmentChange Change<T>(AssignmentChange.Types.Kind kind, string id, T payload) => new()
    {
        Action = AssignmentChange.Types.Action.Update,
        Kind = kind,
        Id = id,
        Payload = DispatchPayload.Encode(payload),
    };
}
