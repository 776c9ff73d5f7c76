using Swarm.Engine.Runtime;
using Swarm.Testing;

namespace Swarm.Engine.Tests.Runtime;

[Trait("Requires", "root")]
public sealed class ResourceLimitTests
{
    [Fact]
    public async Task MemoryLimit_Exceeded_ContainerIsOomKilledAndReported()
    {
        await using var h = new RuntimeHarness();
        // The shell holds the whole 64 MiB string in memory: far above the 16 MiB limit.
        var config = h.Config("sh", "-c", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo ${#x}") with
        {
            Resources = new ResourceLimits { MemoryBytes = 16 << 20 },
        };
        var exit = await h.RunAsync(config);
        Assert.True(exit.OomKilled);
        Assert.Equal(137, exit.ExitCode);
        Assert.True(h.Runtime.Inspect(config.Id).State.OomKilled);
        Assert.Empty(h.CgroupDirs(config.Id));
    }

    [Fact]
    public async Task PidsLimit_ForkBeyondLimit_Fails()
    {
        await using var h = new RuntimeHarness();
        var config = await h.StartAsync(h.Config("sleep", "60") with { Resources = new ResourceLimits { PidsLimit = 6 } });
        // exec joins the container's cgroups, so its forks count against the same limit.
        var result = await h.Runtime.ExecAsync(config.Id,
            new ExecConfig { Args = ["sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do sleep 30 >/dev/null 2>&1 & done"] }, CancellationToken.None);
        Assert.Contains("can't fork", result.Stderr, StringComparison.Ordinal);
        Assert.InRange(h.Runtime.Stats(config.Id).Pids, 1UL, 6UL);
    }

    [Fact]
    public async Task Stats_RunningContainer_ReportsCpuMemoryAndLimit()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 30") with
        {
            Resources = new ResourceLimits { MemoryBytes = 64 << 20, NanoCpus = 500_000_000, CpuShares = 512 },
        };
        await h.StartAsync(config);
        var stats = await Eventually.GetAsync(
            () => Task.FromResult(h.Runtime.Stats(config.Id) is { CpuUsageNanos: > 0, MemoryUsageBytes: > 0 } s ? s : null),
            RuntimeHarness.Bound, "cpu and memory usage");
        Assert.Equal(64UL << 20, stats.MemoryLimitBytes);
    }
}
