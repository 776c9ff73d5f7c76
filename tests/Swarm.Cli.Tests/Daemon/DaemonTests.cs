using Swarm.Testing;
using Swarm.Testing.Docker;

namespace Swarm.Cli.Tests.Daemon;

/// <summary>`swarm daemon` as a real process, driven by the real docker CLI over its unix socket.</summary>
[Trait("Requires", "root")]
public sealed class DaemonTests
{
    [Fact]
    public async Task Daemon_ServesTheDockerCli_ImportRunExec_AndAnswersSwarmRequestsAsANodeInNoSwarm()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        var docker = Docker(daemon);

        var version = await docker.OkAsync("version", "--format", "{{.Server.APIVersion}}");
        var swarm = await docker.OkAsync("info", "--format", "{{.Swarm.LocalNodeState}}");
        await docker.OkAsync("import", "-c", "CMD [\"sh\"]", BusyboxTar.Create(daemon.Sub("image")), "busybox:cli");
        var hello = await docker.OkAsync("run", "--rm", "busybox:cli", "echo", "hello");
        await docker.OkAsync("run", "-d", "--name", "box", "busybox:cli", "sleep", "300");
        var exec = await docker.OkAsync("exec", "box", "hostname");
        var counts = await docker.OkAsync("info", "--format", "{{.ContainersRunning}} running, {{.Images}} images, cgroup v{{.CgroupVersion}}");
        var services = await docker.RunAsync("service", "ls");
        await docker.OkAsync("rm", "-f", "box");

        Assert.Equal("1.41\n", version);
        Assert.Equal("inactive\n", swarm);
        Assert.Equal("hello\n", hello);
        Assert.Equal(12, exec.Trim().Length); // the container's hostname: its short id
        Assert.Matches(@"^1 running, 1 images, cgroup v[12]\n$", counts);
        Assert.NotEqual(0, services.ExitCode);
        Assert.Contains("This node is not a swarm manager", services.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await daemon.StopAsync());
    }

    [Fact]
    public async Task Daemon_Restart_LeavesContainersRunning_AndReadoptsThem()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        var docker = Docker(daemon);
        await docker.OkAsync("import", BusyboxTar.Create(daemon.Sub("image")), "busybox:cli");
        var id = (await docker.OkAsync("run", "-d", "--name", "survivor", "busybox:cli", "sh", "-c", "echo before; sleep 300")).Trim();
        var pid = int.Parse(await docker.OkAsync("inspect", "--format", "{{.State.Pid}}", "survivor"), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(0, await daemon.StopAsync());
        Assert.True(Directory.Exists($"/proc/{pid}"), "the container's PID 1 died with the daemon");
        await daemon.StartAgainAsync();

        var state = await docker.OkAsync("inspect", "--format", "{{.State.Status}} {{.State.Pid}}", "survivor");
        var logs = await docker.OkAsync("logs", "survivor");
        var exec = await docker.OkAsync("exec", "survivor", "echo", "still here");
        await docker.OkAsync("rm", "-f", id);

        Assert.Equal($"running {pid}\n", state);
        Assert.Equal("before\n", logs);
        Assert.Equal("still here\n", exec);
        Assert.Contains("re-adopted running container", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Daemon_Socket_IsRootOnly()
    {
        await using var daemon = await DaemonProcess.StartAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(daemon.Socket));
    }

    [Fact]
    public async Task Daemon_BadHost_ExitsWithUsageError_AndOneReadableLine()
    {
        using var process = DaemonProcess.Spawn("daemon", "-H", "relative/swarm.sock");
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = await process.StandardError.ReadToEndAsync(bound.Token);
        await process.WaitForExitAsync(bound.Token);

        Assert.Equal(64, process.ExitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("swarm daemon: --host must be an absolute unix socket path", line, StringComparison.Ordinal);
    }

    private static DockerCli Docker(DaemonProcess daemon) => daemon.Docker();
}
