using Swarm.Engine.Tests.Executor;

namespace Swarm.Engine.Tests.Api;

/// <summary>The real docker CLI against the Engine API: exec (hijacked connection), top, stats.</summary>
[Trait("Requires", "root")]
public sealed class DockerExecTests(BusyboxRegistryFixture registry) : IClassFixture<BusyboxRegistryFixture>
{
    [Fact]
    public async Task Exec_InRunningContainer_SeparatesStreamsAndReturnsExitCode()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        await docker.OkAsync("run", "-d", "--name", "box", "--hostname", "boxhost", session.Busybox, "sleep", "300");

        var result = await docker.RunAsync("exec", "box", "sh", "-c", "hostname; echo err >&2; exit 3");
        var env = await docker.OkAsync("exec", "-e", "GREETING=hello", "-w", "/tmp", "box", "sh", "-c", "echo $GREETING $(pwd)");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("boxhost\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.Equal("hello /tmp\n", env);
    }

    [Fact]
    public async Task Exec_Interactive_RelaysOutputAsWritten_AndStdin()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        await docker.OkAsync("run", "-d", "--name", "box", session.Busybox, "sleep", "300");
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var exec = docker.Start("exec", "-i", "box", "sh", "-c", "echo ready; read line; echo got $line; exit 4");
        try
        {
            // The command is blocked on `read`: seeing "ready" now proves output is relayed while it runs.
            var first = await exec.StandardOutput.ReadLineAsync(bound.Token);
            await exec.StandardInput.WriteLineAsync("hello");
            exec.StandardInput.Close();
            var rest = await exec.StandardOutput.ReadToEndAsync(bound.Token);
            await exec.WaitForExitAsync(bound.Token);

            Assert.Equal("ready", first);
            Assert.Equal("got hello\n", rest);
            Assert.Equal(4, exec.ExitCode);
        }
        finally
        {
            if (!exec.HasExited)
                exec.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Exec_WithTty_RunsOnATerminal_AndStreamsRawOutput()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        await docker.OkAsync("run", "-d", "--name", "box", session.Busybox, "sleep", "300");

        var result = await docker.RunAsync("exec", "-t", "box", "sh", "-c", "tty; echo err >&2; exit 2");

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"^/dev/pts/\d+\r\nerr\r\n$", result.Stdout); // one terminal: stderr arrives on stdout
    }

    [Fact]
    public async Task Exec_StoppedContainer_Refused()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        await docker.OkAsync("run", "--name", "done", session.Busybox, "true");

        var result = await docker.RunAsync("exec", "done", "true");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("is not running", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopAndStats_RunningContainer_ShowItsProcess()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        await docker.OkAsync("run", "-d", "--name", "watched", "--memory", "64m", session.Busybox, "sleep", "300");

        var top = await docker.OkAsync("top", "watched");
        var stats = await docker.OkAsync("stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}} {{.PIDs}}", "watched");

        Assert.Contains("sleep 300", top, StringComparison.Ordinal);
        Assert.Matches(@"^watched \S+ / 64MiB 1\n$", stats);
    }
}
