using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;

namespace Swarm.Manager.Tests.Dispatching;

/// <summary>A raw dispatcher client for one node: a gRPC channel presenting the node's certificate.</summary>
internal sealed class NodeChannel : IDisposable
{
    private readonly GrpcChannel channel;
    private readonly X509Certificate2 certificate;

    public NodeChannel(string address, X509Certificate2 certificate, X509Certificate2 rootCa)
    {
        this.certificate = certificate;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [certificate];
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            NodeCertificate.IsTrusted(presented, rootCa, NodeCertificate.ServerAuth, DispatchProtocol.ManagerRole);
        channel = GrpcChannel.ForAddress($"https://{address}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        Client = new Dispatcher.DispatcherClient(channel);
        Logs = new AgentLogs.AgentLogsClient(channel);
    }

    /// <summary>The channel itself, for clients of the node's other services.</summary>
    public GrpcChannel Channel => channel;

    public Dispatcher.DispatcherClient Client { get; }

    /// <summary>The same node's log broker client.</summary>
    public AgentLogs.AgentLogsClient Logs { get; }

    public static TimeSpan CallTimeout { get; } = TimeSpan.FromSeconds(10);

    public async Task<RegisterResponse> RegisterAsync(string hostname = "host", string addr = "")
        => await Client.RegisterAsync(
            new RegisterRequest { Description = DispatchPayload.Encode(new NodeDescription { Hostname = hostname }), Addr = addr },
            deadline: Deadline());

    public async Task<HeartbeatResponse> HeartbeatAsync(string sessionId)
        => await Client.HeartbeatAsync(new HeartbeatRequest { SessionId = sessionId }, deadline: Deadline());

    public async Task ReportAsync(string sessionId, params (string TaskId, TaskState State)[] statuses)
    {
        var request = new UpdateTaskStatusRequest { SessionId = sessionId };
        request.Updates.AddRange(statuses.Select(s => new TaskStatusUpdate
        {
            TaskId = s.TaskId,
            Status = DispatchPayload.Encode(new SwarmTaskStatus { State = s.State, Timestamp = DateTimeOffset.UtcNow }),
        }));
        await Client.UpdateTaskStatusAsync(request, deadline: Deadline());
    }

    public AsyncServerStreamingCall<AssignmentsMessage> Assignments(string sessionId, CancellationToken cancellationToken)
        => Client.Assignments(new AssignmentsRequest { SessionId = sessionId }, cancellationToken: cancellationToken);

    private static DateTime Deadline() => DateTime.UtcNow + CallTimeout;

    public void Dispose()
    {
        channel.Dispose();
        certificate.Dispose();
    }
}
