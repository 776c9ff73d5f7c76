using Swarm.Engine.Runtime;

namespace Swarm.Engine.Tests.Runtime;

[Trait("Requires", "root")]
public sealed class ContainerIsolationTests
{
    [Fact]
    public async Task Run_BusyboxTrue_ExitsZero()
    {
        await using var h = new RuntimeHarness();
        var exit = await h.RunAsync(h.Config("true"));
        Assert.Equal(0, exit.ExitCode);
        Assert.False(exit.OomKilled);
    }

    [Fact]
    public async Task Run_NonZeroExit_ReportsExitCode()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "exit 7");
        var exit = await h.RunAsync(config);
        Assert.Equal(7, exit.ExitCode);
        Assert.Equal(7, h.Runtime.Inspect(config.Id).State.ExitCode);
        Assert.Equal(ContainerStatus.Exited, h.Runtime.Inspect(config.Id).State.Status);
    }

    [Fact]
    public async Task Run_Entrypoint_IsPid1()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "echo $$");
        await h.RunAsync(config);
        Assert.Equal("1\n", await h.StdoutAsync(config.Id));
    }

    [Fact]
    public async Task Run_Hostname_IsTheContainersOwn()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("hostname") with { Hostname = "isolated-host" };
        await h.RunAsync(config);
        Assert.Equal("isolated-host\n", await h.StdoutAsync(config.Id));
        Assert.NotEqual("isolated-host", Environment.MachineName);
    }

    [Fact]
    public async Task Run_DefaultHostname_IsShortId()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("cat", "/etc/hostname");
        await h.RunAsync(config);
        Assert.Equal(config.Id[..12] + "\n", await h.StdoutAsync(config.Id));
    }

    [Fact]
    public async Task Run_ProcessList_ShowsOnlyTheContainersProcesses()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "ls -d /proc/[0-9]* | wc -l");
        await h.RunAsync(config);
        // PID 1 (sh), and the ls pipeline: never the host's hundreds of processes.
        Assert.InRange(RuntimeHarness.ParseInt(await h.StdoutAsync(config.Id)), 1, 4);
    }

    [Fact]
    public async Task Run_Mounts_RootIsOverlayAndNotVisibleOnHost()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "grep ' / ' /proc/mounts | cut -d' ' -f1,3; echo hello > /written; cat /proc/1/cgroup >/dev/null");
        await h.RunAsync(config);
        Assert.Equal("overlay overlay\n", await h.StdoutAsync(config.Id));
        Assert.Empty(h.HostMountsUnderRoot()); // the rootfs was mounted in the container's namespace only
        Assert.True(File.Exists(Path.Combine(h.Root, "containers", config.Id, "upper", "written")));
        Assert.False(File.Exists(Path.Combine(h.Lower, "written")));
    }

    [Fact]
    public async Task Run_KernelFilesystems_AreMountedAndMasked()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c",
            "test -c /dev/null && test -d /dev/pts && test -d /dev/shm && echo dev;" +
            "touch /sys/x 2>/dev/null || echo sys-ro;" +
            "test -s /proc/kcore || echo kcore-masked;" +
            "echo 1 > /proc/sys/kernel/hostname 2>/dev/null || echo procsys-ro");
        await h.RunAsync(config);
        Assert.Equal("dev\nsys-ro\nkcore-masked\nprocsys-ro\n", await h.StdoutAsync(config.Id));
    }

    [Fact]
    public async Task Run_Pid1_HoldsOnlyStdinStdoutAndStderr()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "ls /proc/1/fd; true"); // "; true": sh stays PID 1 instead of exec'ing ls
        await h.RunAsync(config);
        Assert.Equal("0\n1\n2\n", await h.StdoutAsync(config.Id)); // nothing the engine or supervisor inherited leaks in
    }

    [Fact]
    public async Task Run_NetworkNone_HasOnlyLoopback()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("ls", "/sys/class/net");
        await h.RunAsync(config);
        Assert.Equal("lo\n", await h.StdoutAsync(config.Id));
    }

    [Fact]
    public async Task Remove_AfterExit_LeavesNoStateCgroupsOrMounts()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("true") with { Resources = new ResourceLimits { MemoryBytes = 64 << 20, PidsLimit = 32 } };
        await h.StartAsync(config);
        var running = h.Runtime.Inspect(config.Id).State;
        await h.Runtime.WaitAsync(config.Id, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);
        await h.Runtime.RemoveAsync(config.Id, force: false, CancellationToken.None);
        Assert.False(ProcFs.IsAlive(running.Pid, running.PidStartTime));
        Assert.False(Directory.Exists(Path.Combine(h.Root, "containers", config.Id)));
        Assert.False(Directory.Exists(Path.Combine(h.RunRoot, "containers", config.Id)));
        Assert.Empty(h.CgroupDirs(config.Id));
        Assert.Empty(h.HostMountsUnderRoot());
        Assert.Empty(h.Runtime.List());
    }

    [Fact]
    public async Task Start_MissingExecutable_FailsWithClearError()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("no-such-binary");
        await h.Runtime.CreateAsync(config, CancellationToken.None);
        var error = await Assert.ThrowsAsync<ContainerStartException>(() => h.Runtime.StartAsync(config.Id, CancellationToken.None));
        Assert.Contains("executable file not found", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.CgroupDirs(config.Id));
    }
}
