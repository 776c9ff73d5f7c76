using Swarm.Api.Objects;
using Swarm.Testing;
using Swarm.Testing.Exec;
using Swarm.Testing.Security;

namespace Swarm.Agent.Tests;

public sealed class AgentRestartTests : IDisposable
{
    private readonly ThrowawayCa ca = new();
    private readonly TempDirectory data = new("swarm-agent-");

    public void Dispose()
    {
        ca.Dispose();
        data.Dispose();
    }

    [Fact]
    public async Task Run_RestartedWithSameDataDir_ReadoptsRunningTaskWithoutRestartingIt()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        var executor = new FakeExecutor();
        var task = AgentHarness.NewTask();
        server.Dispatcher.Assign(task);
        await using (var before = new AgentHarness(ca, data.Path, executor, server.Address))
            await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Running);
        var reportedBefore = server.Dispatcher.Reported.Count;

        // The managers still hold the task as first assigned: only the agent's disk knows it is running.
        await using var after = new AgentHarness(ca, data.Path, executor, server.Address);
        await Eventually.TrueAsync(() => server.Dispatcher.Registrations == 2, AgentHarness.Timeout, "second registration");
        await Eventually.TrueAsync(
            () => after.Agent.Tasks.Any(t => t.Id == task.Id && t.Status.State == TaskState.Running), AgentHarness.Timeout, "task adopted");

        Assert.Equal(1, executor.Container(task.Id)?.StartCount);
        Assert.Equal(FakeContainerState.Running, executor.Container(task.Id)?.State);
        Assert.All(server.Dispatcher.Reported.Skip(reportedBefore), r => Assert.True(r.Status.State >= TaskState.Running));
    }

    [Fact]
    public async Task Run_TaskExitedWhileAgentWasDown_ReportsTheExit()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        var executor = new FakeExecutor();
        var task = AgentHarness.NewTask();
        server.Dispatcher.Assign(task);
        await using (var before = new AgentHarness(ca, data.Path, executor, server.Address))
            await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Running);

        executor.Container(task.Id)!.ExitWith(new Swarm.Exec.ExitStatus(2));
        await using var after = new AgentHarness(ca, data.Path, executor, server.Address);

        await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Failed);
        Assert.Equal(1, executor.Container(task.Id)?.StartCount);
    }

    [Fact]
    public async Task Run_RestartedAndTaskNoLongerAssigned_StopsAndRemovesIt()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        var executor = new FakeExecutor();
        var task = AgentHarness.NewTask();
        server.Dispatcher.Assign(task);
        await using (var before = new AgentHarness(ca, data.Path, executor, server.Address))
            await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Running);

        server.Dispatcher.Unassign(task.Id);
        await using var after = new AgentHarness(ca, data.Path, executor, server.Address);

        await Eventually.TrueAsync(() => executor.Container(task.Id) is null, AgentHarness.Timeout, "stale container removed");
        await Eventually.TrueAsync(() => !Directory.EnumerateFiles(data.Path, "*.task", SearchOption.AllDirectories).Any(),
            AgentHarness.Timeout, "task state deleted");
    }
}
