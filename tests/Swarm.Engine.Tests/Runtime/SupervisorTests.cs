using System.Globalization;
using Swarm.Engine.Runtime;
using Swarm.Testing;

namespace Swarm.Engine.Tests.Runtime;

/// <summary>The node's one swarm-init supervisor: the parent of every container, independent of the engine.</summary>
[Trait("Requires", "root")]
public sealed class SupervisorTests
{
    [Fact]
    public async Task Containers_ShareOneSupervisor_WhichIsTheParentOfEachPid1_NotTheEngine()
    {
        await using var h = new RuntimeHarness();
        var configs = new List<ContainerConfig>();
        for (var i = 0; i < 3; i++)
            configs.Add(await h.StartAsync(h.Config("sleep", "60")));

        var states = configs.Select(c => h.Runtime.Inspect(c.Id).State).ToList();

        var supervisor = Assert.Single(states.Select(s => s.SupervisorPid).Distinct());
        Assert.NotEqual(Environment.ProcessId, supervisor);
        Assert.All(states, s => Assert.Equal(supervisor, ParentOf(s.Pid)));
        Assert.Equal(supervisor, h.Runtime.SupervisorPid);
    }

    [Fact]
    public async Task Supervisor_WithNoContainersLeft_AndNoEngine_Leaves()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("true");
        await h.RunAsync(config);
        var supervisor = h.Runtime.Inspect(config.Id).State;
        await h.Runtime.RemoveAsync(config.Id, force: false, CancellationToken.None);

        await h.Runtime.DisposeAsync();

        await Eventually.TrueAsync(
            () => !ProcFs.IsAlive(supervisor.SupervisorPid, supervisor.SupervisorStartTime), RuntimeHarness.Bound, "the supervisor to leave");
    }

    [Fact]
    public async Task Logs_WrittenWhileTheEngineIsDown_AreKept()
    {
        await using var h = new RuntimeHarness();
        var config = await h.StartAsync(h.Config("sh", "-c", "i=0; while [ $i -lt 40 ]; do echo line $i; i=$((i+1)); sleep 0.05; done"));
        await h.Runtime.DisposeAsync(); // the engine is "down" while the container keeps writing
        await Eventually.TrueAsync(() => File.Exists(Path.Combine(h.RunRoot, "containers", config.Id, "exit")), RuntimeHarness.Bound, "the container to exit");

        await h.RestartAsync();

        var lines = (await h.StdoutAsync(config.Id)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"line {i}"), lines);
        Assert.Equal(0, h.Runtime.Inspect(config.Id).State.ExitCode);
    }

    [Fact]
    public async Task SupervisorKilled_ItsContainersEnd_AndTheNextStartGetsANewSupervisor()
    {
        await using var h = new RuntimeHarness();
        var orphan = await h.StartAsync(h.Config("sleep", "60"));
        var before = h.Runtime.Inspect(orphan.Id).State;

        Tmds.Linux.LibC.kill(before.SupervisorPid, 9);
        using var bound = new CancellationTokenSource(RuntimeHarness.Bound);
        var exit = await h.Runtime.WaitAsync(orphan.Id, bound.Token);

        Assert.Equal(255, exit.ExitCode); // nobody could record it: the engine ended the unsupervised PID 1
        await Eventually.TrueAsync(() => !ProcFs.IsAlive(before.Pid, before.PidStartTime), RuntimeHarness.Bound, "the orphaned PID 1 to end");
        var next = h.Config("sh", "-c", "exit 3");
        Assert.Equal(3, (await h.RunAsync(next)).ExitCode);
        Assert.NotEqual(before.SupervisorPid, h.Runtime.Inspect(next.Id).State.SupervisorPid);
    }

    [Fact]
    public async Task Restart_WhenNoSupervisorAnswers_LeavesContainersRunning_AndStillSeesThemEnd()
    {
        await using var h = new RuntimeHarness();
        var config = await h.StartAsync(h.Config("sleep", "60"));
        var state = h.Runtime.Inspect(config.Id).State;
        File.Delete(Path.Combine(h.RunRoot, "containers", "supervisor.sock")); // unreachable, though still running

        await h.RestartAsync(initPath: "/nonexistent/swarm-init"); // and no new one can be started
        await Task.Delay(TimeSpan.FromSeconds(1)); // long enough for the watcher to have given up connecting

        Assert.Equal(ContainerStatus.Running, h.Runtime.Inspect(config.Id).State.Status);
        Assert.True(ProcFs.IsAlive(state.Pid, state.PidStartTime), "a container was ended because its supervisor did not answer");
        Tmds.Linux.LibC.kill(state.Pid, 9);
        using var bound = new CancellationTokenSource(RuntimeHarness.Bound);
        Assert.Equal(137, (await h.Runtime.WaitAsync(config.Id, bound.Token)).ExitCode); // read from the exit file
    }

    private static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
