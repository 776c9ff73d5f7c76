using Swarm.Engine.Runtime;
using Swarm.Testing;

namespace Swarm.Engine.Tests.Runtime;

[Trait("Requires", "root")]
public sealed class LiveRestoreTests
{
    [Fact]
    public async Task Restart_RunningContainer_IsReadoptedNotRestarted()
    {
        await using var h = new RuntimeHarness();
        var config = await h.StartAsync(h.Config("sleep", "60"));
        var before = h.Runtime.Inspect(config.Id).State;

        var restored = await h.RestartAsync();

        var after = Assert.Single(restored).State;
        Assert.Equal(ContainerStatus.Running, after.Status);
        Assert.Equal(before.Pid, after.Pid);
        Assert.Equal(before.PidStartTime, after.PidStartTime);
        Assert.Equal(before.StartedAt, after.StartedAt);
        Assert.True(ProcFs.IsAlive(before.Pid, before.PidStartTime));
    }

    [Fact]
    public async Task Restart_ReadoptedContainer_CanBeExecStoppedAndReportsExitCode()
    {
        await using var h = new RuntimeHarness();
        var config = await h.StartAsync(h.Config("sh", "-c", "trap 'exit 42' TERM; echo ready; while true; do sleep 0.05; done"));
        await Eventually.TrueAsync(async () => (await h.StdoutAsync(config.Id)).Contains("ready", StringComparison.Ordinal), RuntimeHarness.Bound, "the trap");
        await h.RestartAsync();

        var exec = await h.Runtime.ExecAsync(config.Id, new ExecConfig { Args = ["echo", "still here"] }, CancellationToken.None);
        Assert.Equal("still here\n", exec.Stdout);
        var exit = await h.Runtime.StopAsync(config.Id, TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.Equal(42, exit!.ExitCode); // recorded by the supervisor, although this runtime never started it
        Assert.Empty(h.CgroupDirs(config.Id));
    }

    [Fact]
    public async Task Restart_ContainerThatExitedWhileDown_GetsItsRecordedExitCode()
    {
        await using var h = new RuntimeHarness();
        var config = await h.StartAsync(h.Config("sh", "-c", "sleep 1; exit 5") with { Resources = new ResourceLimits { PidsLimit = 16 } });
        var state = h.Runtime.Inspect(config.Id).State;
        await h.Runtime.DisposeAsync(); // the engine is "down"
        await Eventually.TrueAsync(() => File.Exists(Path.Combine(h.RunRoot, "containers", config.Id, "exit")), RuntimeHarness.Bound, "the container to exit");
        Assert.False(ProcFs.IsAlive(state.Pid, state.PidStartTime));

        var restored = await h.RestartAsync();

        var after = Assert.Single(restored).State;
        Assert.Equal(ContainerStatus.Exited, after.Status);
        Assert.Equal(5, after.ExitCode);
        Assert.Empty(h.CgroupDirs(config.Id));
    }

    [Fact]
    public async Task Restart_ExitedAndCreatedContainers_StayAsTheyWere()
    {
        await using var h = new RuntimeHarness();
        var exited = h.Config("sh", "-c", "exit 9");
        await h.RunAsync(exited);
        var created = h.Config("true");
        await h.Runtime.CreateAsync(created, CancellationToken.None);

        var restored = await h.RestartAsync();

        Assert.Equal(2, restored.Count);
        Assert.Equal(9, h.Runtime.Inspect(exited.Id).State.ExitCode);
        Assert.Equal(ContainerStatus.Created, h.Runtime.Inspect(created.Id).State.Status);
        var exit = await h.RunAsync2(created.Id);
        Assert.Equal(0, exit.ExitCode);
    }
}
