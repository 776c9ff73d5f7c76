using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Swarm.Manager.ControlApi.Forwarding;
using Swarm.Manager.Dispatching;
using Swarm.Manager;
using Swarm.Store;
using Swarm.Testing.Security;

namespace Swarm.Testing.ControlPlane;

/// <summary>
/// One manager's dispatcher on Kestrel (loopback, a port the kernel picks, mutual TLS with a throwaway CA), plus
/// LeaderLoops running the heartbeat watchdog and any other loops the test asks for, over the given store; given a
/// forwarding target, it also serves leader forwarding into that manager's Engine API.
/// </summary>
public sealed class DispatcherHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping;
    private readonly Task loops;
    private readonly X509Certificate2 certificate;
    private bool disposed;

    private DispatcherHost(WebApplication app, CancellationTokenSource stopping, Task loops, X509Certificate2 certificate, string address)
    {
        this.app = app;
        this.stopping = stopping;
        this.loops = loops;
        this.certificate = certificate;
        Address = address;
    }

    /// <summary>host:port of this dispatcher.</summary>
    public string Address { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<DispatcherHost> StartAsync(
        MemoryStore store,
        ILeadership leadership,
        ThrowawayCa ca,
        string managerId,
        DispatcherOptions? options = null,
        Func<IServiceProvider, IEnumerable<ILeaderLoop>>? otherLoops = null,
        LocalControlApi? forwardingTarget = null,
        Swarm.Manager.Security.ISecretProtector? secrets = null)
    {
        var certificate = ca.Issue(managerId, Swarm.Api.Dispatch.DispatchProtocol.ManagerRole);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(leadership);
        builder.Services.AddSingleton(TimeProvider.System);
        if (secrets is not null)
            builder.Services.AddSingleton(secrets);
        builder.Services.AddDispatcher(options);
        // Leader forwarding: writes other managers could not commit are replayed into this manager's Engine API.
        if (forwardingTarget is not null)
            builder.Services.AddControlForwarding(forwardingTarget);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0,
            listen => listen.UseDispatcherTls(() => certificate, ca.Certificate)));
        var app = builder.Build();
        app.MapDispatcher();
        if (forwardingTarget is not null)
            app.MapControlForwarding();
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var address = new Uri(url).Authority;

        var stopping = new CancellationTokenSource();
        var all = app.Services.GetServices<ILeaderLoop>().Concat(otherLoops?.Invoke(app.Services) ?? []).ToList();
        var runner = new LeaderLoops(leadership, store, all, TimeProvider.System, app.Services.GetRequiredService<ILogger<LeaderLoops>>());
        return new DispatcherHost(app, stopping, Task.Run(() => runner.RunAsync(stopping.Token)), certificate, address);
    }

    /// <summary>Stops serving and the loops, like a manager process going away.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        await stopping.CancelAsync();
        try
        {
            await loops.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(timeout.Token);
            await app.DisposeAsync();
            certificate.Dispose();
            stopping.Dispose();
        }
    }
}
