using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Swarm.Api.Dispatch;
using Swarm.Manager.Dispatching;
using Swarm.Testing.Security;

namespace Swarm.Manager.Tests.ControlApi.Forwarding;

/// <summary>A ControlForwarding endpoint on Kestrel with the dispatcher's mutual TLS whose answers the test scripts.</summary>
internal sealed class FakeForwardingServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;

    private FakeForwardingServer(WebApplication app, X509Certificate2 certificate, Scripted service, string address)
    {
        this.app = app;
        this.certificate = certificate;
        Service = service;
        Address = address;
    }

    public string Address { get; }

    public Scripted Service { get; }

    public static async Task<FakeForwardingServer> StartAsync(
        ThrowawayCa ca, Func<ForwardRequest, ServerCallContext, Task<ForwardResponse>> answer)
    {
        var certificate = ca.Issue($"manager-{Guid.NewGuid():N}", DispatchProtocol.ManagerRole);
        var service = new Scripted(answer);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0,
            listen => listen.UseDispatcherTls(() => certificate, ca.Certificate)));
        var app = builder.Build();
        app.MapGrpcService<Scripted>();
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeForwardingServer(app, certificate, service, new Uri(url).Authority);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        certificate.Dispose();
    }

    internal sealed class Scripted(Func<ForwardRequest, ServerCallContext, Task<ForwardResponse>> answer) : ControlForwarding.ControlForwardingBase
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public override Task<ForwardResponse> Forward(ForwardRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref calls);
            return answer(request, context);
        }
    }
}
