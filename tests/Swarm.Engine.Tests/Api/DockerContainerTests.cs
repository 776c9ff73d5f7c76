using Swarm.Engine.Tests.Executor;

namespace Swarm.Engine.Tests.Api;

/// <summary>The real docker CLI against the Engine API: run, ps, logs, inspect, stop, kill, rm, wait.</summary>
[Trait("Requires", "root")]
public sealed class DockerContainerTests(BusyboxRegistryFixture registry) : IClassFixture<BusyboxRegistryFixture>
{
    [Fact]
    public async Task Run_EchoWithRm_PrintsOutputAndLeavesNoContainer()
    {
        await using var session = await DockerSession.StartAsync(registry);

        var output = await session.Docker.OkAsync("run", "--rm", session.Busybox, "echo", "hi");
        var left = await session.Docker.OkAsync("ps", "-a", "-q");

        Assert.Equal("hi\n", output);
        Assert.Equal("", left);
        Assert.Empty(session.Host.Runtime.List());
    }

    [Fact]
    public async Task Run_NonZeroExit_CliExitsWithTheContainersCode()
    {
        await using var session = await DockerSession.StartAsync(registry);

        var result = await session.Docker.RunAsync("run", "--rm", session.Busybox, "sh", "-c", "echo oops >&2; exit 7");

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("oops\n", result.Stderr);
    }

    [Fact]
    public async Task Run_RmRepeatedly_EveryRunReportsItsOutputAndExitCode()
    {
        await using var session = await DockerSession.StartAsync(registry);

        for (var i = 0; i < 10; i++)
        {
            // A container this short is often removed before the waiter polls again: its exit code must survive.
            var result = await session.Docker.RunAsync("run", "--rm", session.Busybox, "sh", "-c", $"echo run {i}; exit {i}");

            Assert.Equal(i, result.ExitCode);
            Assert.Equal($"run {i}\n", result.Stdout);
        }
        Assert.Empty(session.Host.Runtime.List());
    }

    [Fact]
    public async Task RunDetached_PsLogsInspectStopRm_BehaveAsDocker()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;

        var id = (await docker.OkAsync("run", "-d", "--init", "--name", "web", session.Busybox, "sh", "-c", "echo started; echo warn >&2; exec sleep 300")).Trim();
        var ps = await docker.OkAsync("ps", "--format", "{{.ID}} {{.Names}} {{.Image}} {{.Status}}");
        await Swarm.Testing.Eventually.TrueAsync(async () => (await docker.OkAsync("logs", "web")) == "started\n", TimeSpan.FromSeconds(10), "logs to show the first line");
        var logs = await docker.RunAsync("logs", "web");
        var running = await docker.OkAsync("inspect", "--type", "container", "-f", "{{.State.Running}} {{.Name}} {{.Config.Image}}", "web");
        await docker.OkAsync("stop", "-t", "5", "web");
        var stopped = await docker.OkAsync("ps", "-a", "--format", "{{.Names}} {{.Status}}");
        await docker.OkAsync("rm", "web");
        var after = await docker.OkAsync("ps", "-a", "-q");

        Assert.Equal(64, id.Length);
        Assert.StartsWith($"{id[..12]} web {session.Busybox} Up ", ps.Trim());
        Assert.Equal("started\n", logs.Stdout);
        Assert.Equal("warn\n", logs.Stderr);
        Assert.Equal($"true /web {session.Busybox}\n", running);
        Assert.StartsWith("web Exited (", stopped.Trim());
        Assert.Equal("", after);
    }

    [Fact]
    public async Task Logs_TailAndTimestamps_SelectLines()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        await docker.OkAsync("run", "--name", "lines", session.Busybox, "sh", "-c", "echo a; echo b; echo c");

        var tail = await docker.OkAsync("logs", "--tail", "1", "lines");
        var stamped = await docker.OkAsync("logs", "-t", "lines");
        var waited = await docker.OkAsync("wait", "lines");

        Assert.Equal("c\n", tail);
        var lines = stamped.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z [abc]$", l));
        Assert.Equal("0\n", waited);
    }

    [Fact]
    public async Task Rm_RunningWithoutForce_RefusedThenForceRemoves()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        await docker.OkAsync("run", "-d", "--name", "busy", session.Busybox, "sleep", "300");

        var refused = await docker.RunAsync("rm", "busy");
        var forced = await docker.RunAsync("rm", "-f", "busy");
        var missing = await docker.RunAsync("inspect", "--type", "container", "busy");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("container is running", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\"message\"", refused.Stderr, StringComparison.Ordinal); // the CLI printed the message, not raw JSON
        Assert.Equal(0, forced.ExitCode);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("No such container: busy", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kill_RunningContainer_ExitsWithSignalCode()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        await docker.OkAsync("run", "-d", "--name", "victim", session.Busybox, "sleep", "300");

        await docker.OkAsync("kill", "victim");
        var code = await docker.OkAsync("wait", "victim");

        Assert.Equal("137\n", code);
    }

    [Fact]
    public async Task Create_UnknownImage_CliReportsNoSuchImage()
    {
        await using var session = await DockerSession.StartAsync(registry, pull: false);

        var result = await session.Docker.RunAsync("create", "--pull", "never", "127.0.0.1:1/nothing:here");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("No such image", result.Stderr, StringComparison.Ordinal);
    }
}
