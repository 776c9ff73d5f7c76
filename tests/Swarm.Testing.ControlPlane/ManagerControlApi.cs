using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Swarm.Manager.ControlApi;
using Swarm.Manager.ControlApi.Forwarding;
using Swarm.Store;
using Swarm.Testing.Security;

namespace Swarm.Testing.ControlPlane;

/// <summary>
/// One manager's Engine API on Kestrel over a unix socket (as the daemon serves it), over that manager's store,
/// forwarding writes it cannot commit to the leader with the real gRPC forwarder and a manager certificate.
/// </summary>
public sealed class ManagerControlApi : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;
    private bool disposed;

    private ManagerControlApi(WebApplication app, X509Certificate2 certificate, string socketPath, string nodeId)
    {
        this.app = app;
        this.certificate = certificate;
        SocketPath = socketPath;
        NodeId = nodeId;
        Client = new HttpClient(LocalControlApi.UnixSocketHandler(socketPath), disposeHandler: true)
        {
            BaseAddress = new Uri("http://localhost"),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public string SocketPath { get; }

    public string NodeId { get; }

    /// <summary>A client of this manager's API, like the docker CLI pointed at its socket.</summary>
    public HttpClient Client { get; }

    public static async Task<ManagerControlApi> StartAsync(
        MemoryStore store, ILeadership leadership, ThrowawayCa ca, string nodeId, string socketPath,
        Swarm.Manager.Security.ISecretProtector? secrets = null)
    {
        var certificate = ca.Issue(nodeId, Swarm.Api.Dispatch.DispatchProtocol.ManagerRole);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.ListenUnixSocket(socketPath));
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(leadership);
        builder.Services.AddSingleton<ILocalNode>(new ClusterLocalNode(nodeId));
        if (secrets is not null)
            builder.Services.AddSingleton(secrets);
        builder.Services.AddLeaderForwarder(new ForwardingOptions(() => certificate, ca.Certificate));
        builder.Services.AddControlApi();
        var app = builder.Build();
        app.MapControlApi();
        await app.StartAsync();
        return new ManagerControlApi(app, certificate, socketPath, nodeId);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        Client.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
        certificate.Dispose();
    }

    private sealed class ClusterLocalNode(string nodeId) : ILocalNode
    {
        public string NodeId => nodeId;
        public string Hostname => nodeId;
        public string Address => "127.0.0.1";
        public LocalNodeState State => LocalNodeState.Active;
        public bool IsManager => true;
        public string EngineVersion => "0.1.0-test";
    }
}
