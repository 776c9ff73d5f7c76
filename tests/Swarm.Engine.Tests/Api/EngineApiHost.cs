using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Swarm.Engine.Api;
using Swarm.Engine.Images;
using Swarm.Engine.Images.Registry;
using Swarm.Engine.Runtime;
using Swarm.Engine.Tests.Runtime;

namespace Swarm.Engine.Tests.Api;

/// <summary>
/// The Engine API on Kestrel over a unix socket in a temp dir, with a private runtime (see
/// <see cref="RuntimeHarness"/>: containers, cgroups and mounts cleaned up on dispose) and image store.
/// </summary>
internal sealed class EngineApiHost : IAsyncDisposable
{
    private readonly RuntimeHarness harness;
    private readonly WebApplication app;
    private readonly RegistryClient registry = new();

    private EngineApiHost(RuntimeHarness harness, WebApplication app, string socket)
    {
        this.harness = harness;
        this.app = app;
        Socket = socket;
    }

    public string Socket { get; }

    public string DockerHost => "unix://" + Socket;

    public ContainerRuntime Runtime => harness.Runtime;

    public ImageStore Images => app.Services.GetRequiredService<ImageStore>();

    public string Sub(string name) => harness.Sub(name);

    public static async Task<EngineApiHost> StartAsync()
    {
        var harness = new RuntimeHarness();
        try
        {
            var socket = harness.Sub("engine.sock");
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socket, listen => listen.UseDockerUpgradeFix()));
            var images = new ImageStore(harness.Sub("images"), new RuntimeImageUsage(() => harness.Runtime));
            var registry = new RegistryClient();
            builder.Services.AddSingleton(harness.Runtime); // an instance: the harness, not DI, disposes it
            builder.Services.AddSingleton(images);
            builder.Services.AddSingleton(registry);
            builder.Services.AddEngineApi();
            var app = builder.Build();
            // The daemon's system endpoints live elsewhere; the CLI only needs a ping to negotiate the version.
            app.MapMethods("/_ping", ["GET", "HEAD"], (HttpContext http) =>
            {
                http.Response.Headers["API-Version"] = "1.41";
                http.Response.Headers["OSType"] = "linux";
                return Results.Text("OK");
            });
            app.MapEngineApi();
            await app.StartAsync();
            return new EngineApiHost(harness, app, socket);
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(bound.Token);
            await app.DisposeAsync();
        }
        finally
        {
            registry.Dispose();
            await harness.DisposeAsync();
        }
    }
}
