using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Objects;
using Swarm.Engine.Executor;
using Swarm.Engine.Images;
using Swarm.Engine.Images.Registry;
using Swarm.Engine.Tests.Runtime;
using Swarm.Exec;
using Swarm.Testing.Exec;

namespace Swarm.Engine.Tests.Executor;

/// <summary>The engine's executor against the shared IExecutor conformance suite: real containers, busybox pulled from a local registry.</summary>
[Trait("Requires", "root")]
public sealed class EngineExecutorConformanceTests(BusyboxRegistryFixture registry)
    : ExecutorConformance, IClassFixture<BusyboxRegistryFixture>, IAsyncLifetime
{
    private readonly RuntimeHarness harness = new();
    private readonly RegistryClient client = new();

    protected override IExecutor CreateExecutor() => new EngineExecutor(
        harness.Runtime,
        new ImageStore(harness.Sub("images")),
        client,
        new EngineExecutorOptions(),
        NullLogger<EngineExecutor>.Instance);

    protected override ContainerSpec RunsUntilStopped()
        => new() { Image = registry.Busybox, Command = ["sleep", "300"], Init = true };

    protected override ContainerSpec ExitsWith(int exitCode)
        => new() { Image = registry.Busybox, Command = ["sh", "-c", $"exit {exitCode}"] };

    /// <summary>PID 1 without a handler never dies of SIGTERM (the kernel protects it): only the kill ends it.</summary>
    protected override ContainerSpec IgnoresStopSignal()
        => new() { Image = registry.Busybox, Command = ["sleep", "300"] };

    protected override ContainerSpec MissingImage()
        => new() { Image = $"{registry.Registry.Address}/absent:latest", Command = ["true"] };

    protected override ContainerSpec? NeverHealthy() => new()
    {
        Image = registry.Busybox,
        Command = ["sleep", "300"],
        Init = true,
        Healthcheck = new HealthConfig { Test = ["CMD", "false"], Interval = TimeSpan.FromMilliseconds(100), Retries = 1 },
    };

    /// <summary>Stderr last and after a pause, so the json-file order (and so the tail) is the order written.</summary>
    protected override ContainerSpec? Prints(IReadOnlyList<string> lines, string stderrLine) => new()
    {
        Image = registry.Busybox,
        Command = ["sh", "-c", string.Join("; ", lines.Select(l => $"echo {l}")) + $"; sleep 0.2; echo {stderrLine} >&2; exec sleep 300"],
        Init = true,
    };

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        try
        {
            await DisposeAsync();
        }
        finally
        {
            await harness.DisposeAsync();
            client.Dispose();
        }
    }
}
