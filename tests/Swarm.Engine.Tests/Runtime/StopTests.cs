using Swarm.Engine.Runtime;

namespace Swarm.Engine.Tests.Runtime;

[Trait("Requires", "root")]
public sealed class StopTests
{
    [Fact]
    public async Task Stop_Pid1IgnoringSigterm_IsKilledAfterGracePeriod()
    {
        await using var h = new RuntimeHarness();
        // PID 1 without a SIGTERM handler ignores SIGTERM: only the SIGKILL after the grace period ends it.
        var config = await h.StartAsync(h.Config("sleep", "60") with { StopTimeout = TimeSpan.FromMilliseconds(500) });
        var exit = await h.Runtime.StopAsync(config.Id, timeout: null, CancellationToken.None);
        Assert.Equal(137, exit!.ExitCode);
        Assert.Equal(ContainerStatus.Exited, h.Runtime.Inspect(config.Id).State.Status);
    }

    [Fact]
    public async Task Stop_WithInit_SigtermReachesTheWorkload()
    {
        await using var h = new RuntimeHarness();
        // tini forwards SIGTERM to sleep, which dies of it: 128 + 15, not the SIGKILL's 137. Wait for the workload
        // first: a signal reaching PID 1 before tini has set up its signal mask is dropped by the kernel.
        var config = await h.StartAsync(h.Config("sh", "-c", "echo ready; exec sleep 60") with { Init = true, StopTimeout = TimeSpan.FromSeconds(20) });
        await Swarm.Testing.Eventually.TrueAsync(async () => (await h.StdoutAsync(config.Id)).Contains("ready", StringComparison.Ordinal),
            RuntimeHarness.Bound, "the workload to run");
        var exit = await h.Runtime.StopAsync(config.Id, timeout: null, CancellationToken.None);
        Assert.Equal(143, exit!.ExitCode);
    }

    [Fact]
    public async Task Stop_WorkloadTrappingSignal_ExitsWithItsOwnCode()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "trap 'exit 3' USR1; echo ready; while true; do sleep 0.05; done") with { StopSignal = "SIGUSR1" };
        await h.StartAsync(config);
        await Swarm.Testing.Eventually.TrueAsync(async () => (await h.StdoutAsync(config.Id)).Contains("ready", StringComparison.Ordinal),
            RuntimeHarness.Bound, "the trap to be installed");
        var exit = await h.Runtime.StopAsync(config.Id, TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.Equal(3, exit!.ExitCode);
    }

    [Fact]
    public async Task Init_Pid1IsTini()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '; echo; echo $$") with { Init = true };
        var exit = await h.RunAsync(config);
        Assert.Equal(0, exit.ExitCode);
        var lines = (await h.StdoutAsync(config.Id)).Split('\n');
        Assert.StartsWith("/dev/init -- sh", lines[0], StringComparison.Ordinal);
        Assert.NotEqual("1", lines[1]);
    }

    [Fact]
    public async Task Remove_RunningWithoutForce_IsRefused()
    {
        await using var h = new RuntimeHarness();
        var config = await h.StartAsync(h.Config("sleep", "60"));
        await Assert.ThrowsAsync<ContainerStateConflictException>(() => h.Runtime.RemoveAsync(config.Id, force: false, CancellationToken.None));
        await h.Runtime.RemoveAsync(config.Id, force: true, CancellationToken.None);
        Assert.Empty(h.CgroupDirs(config.Id));
    }
}
