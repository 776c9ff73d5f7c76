using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Swarm.Agent.Logs;
using Swarm.Agent.Tasks;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;

namespace Swarm.Agent.Sessions;

/// <summary>
/// One session with one manager: Register, then heartbeats, the assignments stream and status batches side by side
/// until any of them fails or the stream ends, with the log broker's subscriptions served alongside (they never end
/// the session). The caller decides where the next session goes.
/// </summary>
internal sealed class AgentSession(
    Dispatcher.DispatcherClient client, NodeDescription description, string? advertiseAddress,
    TaskSupervisor supervisor, StatusReporter reporter, ManagerAddressBook book, TimeProvider time, LogPublisher logs)
{
    public string? NodeId { get; private set; }
    public string? SessionId { get; private set; }
    public TimeSpan HeartbeatPeriod { get; private set; }

    /// <summary>Raised once the manager accepted the registration (the session is live).</summary>
    public event Action<AgentSession>? Registered;

    /// <summary>The node's role as the managers have it, from every registration and heartbeat (promote/demote).</summary>
    public event Action<NodeRole>? RoleReported;

    public static AgentSession Over(GrpcChannel channel, NodeDescription description, string? advertiseAddress,
        TaskSupervisor supervisor, StatusReporter reporter, ManagerAddressBook book, TimeProvider time, ILogger logger)
        => new(new Dispatcher.DispatcherClient(channel), description, advertiseAddress, supervisor, reporter, book, time,
            new LogPublisher(new AgentLogs.AgentLogsClient(channel), supervisor, time, logger));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var registration = await client.RegisterAsync(
            new RegisterRequest { Description = DispatchPayload.Encode(description), Addr = advertiseAddress ?? "" },
            deadline: Deadline(TimeSpan.FromSeconds(10)), cancellationToken: cancellationToken);
        NodeId = registration.NodeId;
        SessionId = registration.SessionId;
        HeartbeatPeriod = Period(registration.HeartbeatPeriodMs);
        book.Learn(registration.Managers);
        Registered?.Invoke(this);
        ReportRole(registration.Role);
        // A new manager may not have seen what the last one acknowledged (a write lost in a leader change):
        // tell it every task's current status once; managers ignore what is not a forward move.
        foreach (var task in supervisor.Tasks)
            reporter.Report(task.Id, task.Status);

        using var sessionEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] parts =
        [
            HeartbeatAsync(sessionEnd.Token),
            AssignmentsAsync(sessionEnd.Token),
            reporter.RunAsync(SendStatusesAsync, sessionEnd.Token),
        ];
        var publishing = logs.RunAsync(SessionId!, sessionEnd.Token);
        var first = await Task.WhenAny(parts);
        await sessionEnd.CancelAsync();
        await Task.WhenAll(parts).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await publishing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
        await first; // the part that ended the session says why
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(HeartbeatPeriod, time, cancellationToken);
            var response = await client.HeartbeatAsync(
                new HeartbeatRequest { SessionId = SessionId },
                deadline: Deadline(HeartbeatPeriod * 2), cancellationToken: cancellationToken);
            HeartbeatPeriod = Period(response.HeartbeatPeriodMs);
            book.Learn(response.Managers);
            ReportRole(response.Role);
        }
    }

    private void ReportRole(string role)
    {
        if (role.Length > 0)
            RoleReported?.Invoke(role == DispatchProtocol.ManagerRole ? NodeRole.Manager : NodeRole.Worker);
    }

    private async Task AssignmentsAsync(CancellationToken cancellationToken)
    {
        using var call = client.Assignments(new AssignmentsRequest { SessionId = SessionId }, cancellationToken: cancellationToken);
        ulong? last = null;
        await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (last is null && message.Type != AssignmentsMessage.Types.Type.Complete)
                throw new AssignmentGapException("the assignments stream did not start with the complete set");
            if (last is { } previous && message.Sequence != previous + 1)
                throw new AssignmentGapException($"assignments jumped from {previous} to {message.Sequence}");
            last = message.Sequence;
            supervisor.Apply(AssignmentDecoder.Decode(message));
        }
        throw new AssignmentGapException("the manager ended the assignments stream");
    }

    private async Task SendStatusesAsync(IReadOnlyList<KeyValuePair<string, SwarmTaskStatus>> batch, CancellationToken cancellationToken)
    {
        var request = new UpdateTaskStatusRequest { SessionId = SessionId };
        foreach (var (taskId, status) in batch)
            request.Updates.Add(new TaskStatusUpdate { TaskId = taskId, Status = DispatchPayload.Encode(status) });
        await client.UpdateTaskStatusAsync(request, deadline: Deadline(TimeSpan.FromSeconds(10)), cancellationToken: cancellationToken);
    }

    private static TimeSpan Period(long milliseconds)
        => milliseconds > 0 ? TimeSpan.FromMilliseconds(milliseconds) : TimeSpan.FromSeconds(5);

    // gRPC deadlines are wall-clock by nature; the session's own pacing uses the injected TimeProvider.
    private static DateTime Deadline(TimeSpan after) => DateTime.UtcNow + after;
}
