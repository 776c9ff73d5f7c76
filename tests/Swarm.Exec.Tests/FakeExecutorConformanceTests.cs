using Swarm.Api.Objects;
using Swarm.Exec;
using Swarm.Testing.Exec;

namespace Swarm.Exec.Tests;

/// <summary>The fake executor passes the same suite the engine's executor will.</summary>
public sealed class FakeExecutorConformanceTests : ExecutorConformance
{
    protected override IExecutor CreateExecutor() => new FakeExecutor();

    protected override ContainerSpec RunsUntilStopped() => new() { Image = "busybox" };

    protected override ContainerSpec ExitsWith(int exitCode) => new() { Image = "busybox", Env = [$"FAKE_EXIT={exitCode}", "FAKE_RUN_MS=20"] };

    protected override ContainerSpec MissingImage() => new() { Image = "fake/fail-prepare:latest" };

    protected override ContainerSpec IgnoresStopSignal() => new() { Image = "busybox", Env = ["FAKE_IGNORE_STOP=1"] };

    protected override ContainerSpec? NeverHealthy() => new() { Image = "fake/unhealthy" };

    protected override ContainerSpec? Prints(IReadOnlyList<string> lines, string stderrLine)
        => new() { Image = "busybox", Env = [$"FAKE_LOG={string.Join('|', lines)}", $"FAKE_LOG_STDERR={stderrLine}"] };
}
