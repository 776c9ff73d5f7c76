using Swarm.Engine.Runtime;

namespace Swarm.Cli.Daemon;

/// <summary>At start, before serving: re-adopts the containers that kept running while the daemon was down.</summary>
internal sealed partial class LiveRestore(ContainerRuntime runtime, ILogger<LiveRestore> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var containers = await runtime.RestoreAsync(cancellationToken);
        LogRestored(logger, containers.Count, containers.Count(c => c.State.Status == ContainerStatus.Running));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "restored {Count} containers, {Running} of them running")]
    private static partial void LogRestored(ILogger logger, int count, int running);
}
