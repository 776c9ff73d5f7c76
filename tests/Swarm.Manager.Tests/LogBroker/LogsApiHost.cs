using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Swarm.Manager.ControlApi;
using Swarm.Manager.LogBroker;
using Swarm.Manager.Tests.ControlApi;
using Swarm.Store;
using Swarm.Testing.ControlPlane;
using Swarm.Testing.Raft;

namespace Swarm.Manager.Tests.LogBroker;

/// <summary>
/// The Control API of one manager of a <see cref="ControlPlaneCluster"/>: its store and its dispatcher's log broker,
/// on an in-memory test server or, for the docker CLI, on a unix socket.
/// </summary>
internal sealed class LogsApiHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private LogsApiHost(WebApplication app) => this.app = app;

    public HttpClient Client { get; private set; } = null!;

    public static async Task<LogsApiHost> StartAsync(ControlPlaneCluster cluster, TestNode manager, string? unixSocket = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (unixSocket is null)
            builder.WebHost.UseTestServer();
        else
            builder.WebHost.UseKestrel(k => k.ListenUnixSocket(unixSocket));
        var services = cluster.ManagerServices(manager);
        builder.Services.AddSingleton(services.GetRequiredService<MemoryStore>());
        builder.Services.AddSingleton(services.GetRequiredService<LogSubscriptions>());
        builder.Services.AddSingleton<ILocalNode>(new FakeLocalNode());
        builder.Services.AddControlApi();
        var app = builder.Build();
        app.MapControlApi();
        await app.StartAsync();
        var host = new LogsApiHost(app);
        if (unixSocket is null)
            host.Client = app.GetTestClient();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
