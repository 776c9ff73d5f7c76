using System.Globalization;
using Serilog;
using Serilog.Events;
using Swarm.Cli.Daemon.Cluster;
using Swarm.Engine.Api;
using Swarm.Engine.Executor;
using Swarm.Engine.Images;
using Swarm.Engine.Images.Registry;
using Swarm.Engine.Runtime;
using Swarm.Manager.ControlApi;
using Swarm.Store;

namespace Swarm.Cli.Daemon;

/// <summary>
/// The node's composition root: the Docker Engine API for containers and images (our engine) and the Control API
/// (swarm objects, swarm mode: <see cref="SwarmMode"/>) on one root-only unix socket.
/// Stopping the daemon leaves containers running under the supervisor; the next start re-adopts them.
/// </summary>
internal static class DaemonHost
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static async Task<int> RunAsync(DaemonOptions options, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            await Console.Error.WriteLineAsync("swarm daemon: needs root on Linux (namespaces, cgroups, mounts)");
            return 1;
        }

        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Is(options.LogLevel)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: CultureInfo.InvariantCulture)
            .CreateLogger();
        try
        {
            PrepareDirectories(options);
            await using var app = Build(options);
            await app.StartAsync(cancellationToken);
            File.SetUnixFileMode(options.SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Log.Information("serving the Docker Engine API on unix://{Socket} (data root {DataRoot})", options.SocketPath, options.DataRoot);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Log.Fatal("swarm daemon: cannot start: {Reason}", e.Message);
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    private static WebApplication Build(DaemonOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Services.AddSerilog();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(options.SocketPath, listen => listen.UseDockerUpgradeFix()));

        builder.Services.AddSingleton(services => new ContainerRuntime(
            new RuntimeOptions { Root = options.DataRoot, RunRoot = options.ExecRoot, InitPath = options.InitPath, CgroupParent = options.CgroupParent },
            services.GetRequiredService<ILogger<ContainerRuntime>>()));
        builder.Services.AddSingleton(services => new ImageStore(
            options.ImagesDir,
            new RuntimeImageUsage(services.GetRequiredService<ContainerRuntime>),
            services.GetRequiredService<ILogger<ImageStore>>()));
        builder.Services.AddSingleton<RegistryClient>();
        builder.Services.AddEngineApi();
        builder.Services.AddHostedService<LiveRestore>();

        // Swarm mode: one store for the daemon's life, committing through this node's Raft node while it is a
        // manager (empty otherwise); the Control API reads the node's membership from SwarmMode.
        builder.Services.AddSingleton<CurrentRaft>();
        builder.Services.AddSingleton<ILeadership>(services => services.GetRequiredService<CurrentRaft>());
        builder.Services.AddSingleton(services => new MemoryStore(services.GetRequiredService<CurrentRaft>()));
        builder.Services.AddSingleton(services => new EngineExecutor(
            services.GetRequiredService<ContainerRuntime>(),
            services.GetRequiredService<ImageStore>(),
            services.GetRequiredService<RegistryClient>(),
            new EngineExecutorOptions { EngineVersion = DaemonVersion.Current },
            services.GetRequiredService<ILogger<EngineExecutor>>()));
        builder.Services.AddSingleton<SwarmMode>();
        builder.Services.AddSingleton<ILocalNode>(services => services.GetRequiredService<SwarmMode>());
        builder.Services.AddSingleton<ISwarmMembership>(services => services.GetRequiredService<SwarmMode>());
        builder.Services.AddHostedService(services => services.GetRequiredService<SwarmMode>()); // after LiveRestore
        builder.Services.AddSingleton<ILeaderForwarder, SwarmForwarder>();
        builder.Services.AddSingleton<Swarm.Manager.Security.ISecretProtector, SwarmSecretProtector>();
        builder.Services.AddTransient(services => services.GetRequiredService<SwarmMode>().Logs!);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ILocalEngine, EngineSummaryProvider>();
        builder.Services.AddControlApi();

        var app = builder.Build();
        app.MapEngineApi();
        app.MapControlApi(resolvesImages: true);
        return app;
    }

    private static void PrepareDirectories(DaemonOptions options)
    {
        foreach (var dir in new[] { options.DataRoot, options.ExecRoot, Path.GetDirectoryName(options.SocketPath)! })
        {
            Directory.CreateDirectory(dir);
        }

        // State holds env values and secrets: root only. The socket's own directory is left as the operator made
        // it (it may be shared), the socket itself is made 0600 once bound.
        File.SetUnixFileMode(options.DataRoot, OwnerOnly);
        File.SetUnixFileMode(options.ExecRoot, OwnerOnly);
        File.Delete(options.SocketPath); // left by a daemon that was killed: bind() would fail
    }
}
