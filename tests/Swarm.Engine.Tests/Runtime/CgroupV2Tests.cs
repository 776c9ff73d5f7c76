using Swarm.Engine.Runtime;
using Swarm.Testing;

namespace Swarm.Engine.Tests.Runtime;

/// <summary>
/// The cgroup v2 driver on the unified hierarchy (/sys/fs/cgroup/unified on this hybrid host). Memory, cpu and
/// pids are bound to v1 here, so v2 limits cannot take effect on this machine; what can be checked is placement,
/// CPU accounting (core to v2), clean removal, and a clear refusal of limits whose controller is missing.
/// </summary>
[Trait("Requires", "root")]
public sealed class CgroupV2Tests
{
    [Fact]
    public async Task Container_RunsInItsOwnV2Cgroup_IsAccounted_AndLeavesNothingBehind()
    {
        await using var h = new RuntimeHarness(unifiedCgroups: true);
        var config = await h.StartAsync(h.Config("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 60"));
        var state = h.Runtime.Inspect(config.Id).State;

        var membership = File.ReadAllLines($"/proc/{state.Pid}/cgroup").Single(l => l.StartsWith("0::", StringComparison.Ordinal));
        Assert.Equal($"0::/{h.CgroupParent}/{config.Id}", membership);
        await Eventually.TrueAsync(() => h.Runtime.Stats(config.Id).CpuUsageNanos > 0, RuntimeHarness.Bound, "CPU to be accounted");

        await h.Runtime.StopAsync(config.Id, TimeSpan.Zero, CancellationToken.None);
        await h.Runtime.RemoveAsync(config.Id, force: false, CancellationToken.None);
        Assert.Empty(h.CgroupDirs(config.Id));
    }

    [Fact]
    public async Task MemoryLimit_IsAppliedWhereTheControllerIsEnabled_ElseRefusedClearly_LeavingNoCgroup()
    {
        var memoryOnV2 = File.ReadAllText(Path.Combine(RuntimeHarness.UnifiedMount, "cgroup.controllers")).Contains("memory", StringComparison.Ordinal);
        await using var h = new RuntimeHarness(unifiedCgroups: true);
        var config = h.Config("sleep", "60") with { Resources = new ResourceLimits { MemoryBytes = 64 << 20 } };
        await h.Runtime.CreateAsync(config, CancellationToken.None);

        if (memoryOnV2)
        {
            await h.Runtime.StartAsync(config.Id, CancellationToken.None);
            Assert.Equal((64UL << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(Assert.Single(h.CgroupDirs(config.Id)), "memory.max")).Trim());
            return;
        }

        var error = await Assert.ThrowsAsync<ContainerStartException>(() => h.Runtime.StartAsync(config.Id, CancellationToken.None));
        Assert.Contains("memory controller is not enabled", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, h.Runtime.Inspect(config.Id).State.Error);
        Assert.Empty(h.CgroupDirs(config.Id));
    }
}
