using System.Globalization;
using Microsoft.AspNetCore.Http.Json;
using Serilog;
using Serilog.Events;
using Swarm.Store;
using Swarm.Store.NodeHost;
using Swarm.Store.NodeHost.Api;
using Swarm.Store.NodeHost.Api.Contracts;
using Swarm.Store.NodeHost.Load;
using Swarm.Store.Raft;
using Swarm.Store.Raft.Security;

// Composition root of one store manager process. Exit codes: 0 after SIGTERM, 1 failed to start,
// 2 the data directory is damaged (StoreCorruptedException), 64 bad command line.

if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("swarm-store-node: runs on Linux only");
    return 1;
}
if (NodeArguments.TryParse(args, out var usageError) is not { } arguments)
{
    Console.Error.WriteLine($"swarm-store-node: {usageError}");
    Console.Error.WriteLine(NodeArguments.Usage);
    return 64;
}

using var gcTrace = Swarm.Store.NodeHost.Diagnostics.GcTrace.StartIfAsked();

const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
Directory.CreateDirectory(arguments.DataDirectory);
// Only the owner may reach the socket (like Swarm's root-only sockets). Closing the directory first leaves no
// window between bind() and the chmod of the socket itself.
File.SetUnixFileMode(arguments.DataDirectory, OwnerOnly);
// A socket file left by a killed process would make bind() fail.
File.Delete(arguments.SocketPath);

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
builder.Services.AddSerilog(log => log
    .MinimumLevel.Is(arguments.LogLevel)
    .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
    .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: CultureInfo.InvariantCulture));
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(arguments.SocketPath));
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, NodeJsonContext.Default));
// Malformed bodies reach ErrorMiddleware as exceptions, so they get the same JSON error shape as the rest.
builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
builder.Services.AddSingleton(services =>
{
    var options = new RaftStoreOptions
    {
        DataDirectory = arguments.DataDirectory,
        ListenEndPoint = arguments.RaftEndPoint,
        Bootstrap = arguments.Bootstrap,
        Certificates = PemNodeCertificates.Load(arguments.CertificatesDirectory),
        LoggerFactory = services.GetRequiredService<ILoggerFactory>(),
    };
    return new RaftNode(arguments.SnapshotInterval is { } interval ? options with { SnapshotInterval = interval } : options);
});
builder.Services.AddSingleton<ILeadership>(services => services.GetRequiredService<RaftNode>());
builder.Services.AddSingleton(services => new MemoryStore(services.GetRequiredService<RaftNode>()));
builder.Services.AddSingleton<LoadGenerator>();

await using var app = builder.Build();
app.UseMiddleware<ErrorMiddleware>();
app.MapControlApi();

RaftNode raft;
try
{
    raft = app.Services.GetRequiredService<RaftNode>();
    await raft.StartAsync(app.Services.GetRequiredService<MemoryStore>(), CancellationToken.None);
}
catch (StoreCorruptedException e)
{
    Console.Error.WriteLine($"swarm-store-node: {e.Message}");
    return 2;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
{
    Console.Error.WriteLine($"swarm-store-node: cannot start: {e.Message}");
    return 1;
}

await app.StartAsync();
File.SetUnixFileMode(arguments.SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
var parentWatch = arguments.ExitWithPid is { } parent
    ? ParentWatch.StopWhenGoneAsync(parent, app.Lifetime)
    : Task.CompletedTask;
await app.WaitForShutdownAsync();
await parentWatch;

// SIGTERM: leave Raft traffic cleanly; disposing the app then disposes the node, the log and the store.
using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
try
{
    await raft.StopAsync(stopping.Token);
}
catch (OperationCanceledException)
{
}
return 0;
