using Swarm.Engine.Tests.Executor;

namespace Swarm.Engine.Tests.Api;

/// <summary>`docker run` paths beyond the basics: implicit pull, stdin, follow, untyped inspect, restart.</summary>
[Trait("Requires", "root")]
public sealed class DockerRunTests(BusyboxRegistryFixture registry) : IClassFixture<BusyboxRegistryFixture>
{
    [Fact]
    public async Task Run_ImageNotPulled_CliPullsThenRuns()
    {
        await using var session = await DockerSession.StartAsync(registry, pull: false);

        var result = await session.Docker.RunAsync("run", "--rm", session.Busybox, "echo", "pulled");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("pulled\n", result.Stdout);
        Assert.Contains("Unable to find image", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunInteractive_PipedInput_ReachesTheContainersStdin_ThenEof()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var input = Path.Combine(session.Host.Sub("input"));
        await File.WriteAllTextAsync(input, "line one\nline two\n");

        var piped = await session.Docker.RunWithInputAsync(input, "run", "-i", "--rm", session.Busybox, "sh", "-c", "cat; echo done");
        var withoutInput = await session.Docker.RunAsync("run", "--rm", session.Busybox, "sh", "-c", "cat; echo no stdin");

        Assert.Equal(0, piped.ExitCode);
        Assert.Equal("line one\nline two\ndone\n", piped.Stdout);
        Assert.Equal("no stdin\n", withoutInput.Stdout); // without -i, stdin is /dev/null
    }

    [Fact]
    public async Task LogsFollow_ContainerWritingThenExiting_StreamsUntilExit()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        await docker.OkAsync("run", "-d", "--name", "ticker", session.Busybox, "sh", "-c", "for i in 1 2 3; do echo tick $i; sleep 0.2; done");

        var followed = await docker.OkAsync("logs", "-f", "ticker");

        Assert.Equal("tick 1\ntick 2\ntick 3\n", followed);
    }

    [Fact]
    public async Task InspectWithoutType_ContainerAndImage_BothFound()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        await docker.OkAsync("create", "--name", "plain", "-e", "K=v", "-l", "role=test", session.Busybox, "true");

        var container = await docker.OkAsync("inspect", "-f", "{{.State.Status}} {{index .Config.Labels \"role\"}}", "plain");
        var image = await docker.OkAsync("inspect", "-f", "{{.Os}}", session.Busybox);

        Assert.Equal("created test\n", container);
        Assert.Equal("linux\n", image);
    }

    [Fact]
    public async Task StartAfterExit_RunsAgain_AndRestartKeepsTheContainer()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        await docker.OkAsync("run", "--name", "again", session.Busybox, "echo", "run");

        var attached = await docker.OkAsync("start", "-a", "again");
        var logs = await docker.OkAsync("logs", "again");
        var ids = await docker.OkAsync("ps", "-a", "-q");

        Assert.Equal("run\n", attached);
        Assert.Equal("run\nrun\n", logs);
        Assert.Single(ids.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task ContainerPrune_RemovesStoppedKeepsRunning()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        await docker.OkAsync("run", "--name", "finished", session.Busybox, "true");
        await docker.OkAsync("create", "--name", "fresh", session.Busybox, "true");
        await docker.OkAsync("run", "-d", "--name", "alive", session.Busybox, "sleep", "300");

        var pruned = await docker.OkAsync("container", "prune", "-f");
        var left = await docker.OkAsync("ps", "-a", "--format", "{{.Names}}");

        Assert.Contains("Deleted Containers:", pruned, StringComparison.Ordinal);
        Assert.Equal("alive\n", left);
    }
}
