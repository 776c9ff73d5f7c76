using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Swarm.Agent.Tests.Logs;
using Swarm.Api.Dispatch;
using Swarm.Testing.Security;

namespace Swarm.Agent.Tests;

/// <summary><see cref="TestDispatcher"/> on real Kestrel: loopback, HTTP/2, mutual TLS with the test CA.</summary>
internal sealed class TestDispatcherServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestDispatcherServer(WebApplication app, TestDispatcher dispatcher, TestAgentLogs logs, string address)
    {
        this.app = app;
        Dispatcher = dispatcher;
        Logs = logs;
        Address = address;
    }

    public TestDispatcher Dispatcher { get; }

    /// <summary>The log broker side the agent listens to.</summary>
    public TestAgentLogs Logs { get; }

    /// <summary>host:port, as an agent is given it.</summary>
    public string Address { get; }

    public static async Task<TestDispatcherServer> StartAsync(ThrowawayCa ca, string managerId = "manager-1")
    {
        var certificate = ca.Issue(managerId, DispatchProtocol.ManagerRole);
        var dispatcher = new TestDispatcher();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(dispatcher);
        var logs = new TestAgentLogs();
        builder.Services.AddSingleton(logs);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (client, _, _) => NodeCertificate.IsTrusted(
                    client, ca.Certificate, NodeCertificate.ClientAuth, DispatchProtocol.WorkerRole, DispatchProtocol.ManagerRole);
            });
        }));
        var app = builder.Build();
        app.MapGrpcService<TestDispatcher>();
        app.MapGrpcService<TestAgentLogs>();
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new TestDispatcherServer(app, dispatcher, logs, $"127.0.0.1:{url.Port}");
    }

    private int disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
            return;
        Dispatcher.Kill();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
