using Swarm.Api.Objects;
using Swarm.Testing;
using Swarm.Testing.Exec;
using Swarm.Testing.Security;

namespace Swarm.Agent.Tests;

public sealed class AgentFailoverTests : IDisposable
{
    private readonly ThrowawayCa ca = new();
    private readonly TempDirectory data = new("swarm-agent-");

    public void Dispose()
    {
        ca.Dispose();
        data.Dispose();
    }

    [Fact]
    public async Task Run_ManagerGoesAway_AgentMovesToAnotherWithoutRestartingTasks()
    {
        await using var first = await TestDispatcherServer.StartAsync(ca, "manager-1");
        await using var second = await TestDispatcherServer.StartAsync(ca, "manager-2");
        var task = AgentHarness.NewTask();
        first.Dispatcher.Assign(task);
        second.Dispatcher.Assign(task);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), first.Address, second.Address);
        await AgentHarness.ReportedAsync(first.Dispatcher, task.Id, TaskState.Running);

        await first.DisposeAsync();

        await Eventually.TrueAsync(() => agent.Agent.Manager == second.Address, AgentHarness.Timeout, "session with the second manager");
        await AgentHarness.ReportedAsync(second.Dispatcher, task.Id, TaskState.Running);
        Assert.Equal(1, agent.Executor.Container(task.Id)?.StartCount);
        Assert.All(second.Dispatcher.Reported.Where(r => r.TaskId == task.Id), r => Assert.Equal(TaskState.Running, r.Status.State));
    }

    [Fact]
    public async Task Run_FirstManagerUnreachable_TriesTheNext()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        var nobody = FreePortsAddress();
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), nobody, server.Address);

        await Eventually.TrueAsync(() => agent.Agent.Manager == server.Address, AgentHarness.Timeout, "session with the live manager");
    }

    [Fact]
    public async Task Run_FollowerNamesLeader_AgentGoesToTheLeader()
    {
        await using var leader = await TestDispatcherServer.StartAsync(ca, "manager-1");
        await using var follower = await TestDispatcherServer.StartAsync(ca, "manager-2");
        follower.Dispatcher.RedirectTo = leader.Address;
        // The leader is known only through the follower's redirect, not from the agent's seeds.
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), follower.Address);

        await Eventually.TrueAsync(() => agent.Agent.Manager == leader.Address, AgentHarness.Timeout, "session with the leader");

        Assert.Equal(0, follower.Dispatcher.Registrations);
        Assert.Contains(leader.Address, agent.Agent.KnownManagers);
    }

    [Fact]
    public async Task Run_ManagerFromAnotherCa_IsNotTrusted()
    {
        using var otherCa = new ThrowawayCa("impostor-ca");
        await using var impostor = await TestDispatcherServer.StartAsync(otherCa);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), impostor.Address);

        await Eventually.TrueAsync(() => agent.Agent.FailedSessionCount >= 3, AgentHarness.Timeout, "three refused attempts");

        Assert.Equal(0, impostor.Dispatcher.Registrations);
        Assert.Null(agent.Agent.NodeId);
    }

    private static string FreePortsAddress() => $"127.0.0.1:{Swarm.Testing.Net.FreePorts.Next().Port}";
}
