using Swarm.Api.Objects;
using Swarm.Testing;
using Swarm.Testing.Exec;
using Swarm.Testing.Security;

namespace Swarm.Agent.Tests;

public sealed class AgentSessionTests : IDisposable
{
    private readonly ThrowawayCa ca = new();
    private readonly TempDirectory data = new("swarm-agent-");

    public void Dispose()
    {
        ca.Dispose();
        data.Dispose();
    }

    [Fact]
    public async Task Run_Manager_RegistersWithItsDescriptionAndHeartbeats()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor("worker-7"), server.Address);

        await Eventually.TrueAsync(() => server.Dispatcher.Heartbeats >= 3, AgentHarness.Timeout, "three heartbeats");

        Assert.Equal("node-1", agent.Agent.NodeId);
        Assert.Equal(server.Address, agent.Agent.Manager);
        Assert.Equal("worker-7", server.Dispatcher.RegisteredHostname);
        Assert.Equal(1, server.Dispatcher.Registrations);
    }

    [Fact]
    public async Task Run_AssignedTask_RunsToRunningReportingForwardOnly()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        var task = AgentHarness.NewTask();
        server.Dispatcher.Assign(task);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), server.Address);

        await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Running);

        var states = server.Dispatcher.Reported.Where(r => r.TaskId == task.Id).Select(r => r.Status.State).ToList();
        Assert.Equal(states.Order(), states);
        Assert.Equal(FakeContainerState.Running, agent.Executor.Container(task.Id)?.State);
    }

    [Fact]
    public async Task Run_TaskAssignedLater_ArrivesIncrementallyAndRuns()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), server.Address);
        await Eventually.TrueAsync(() => agent.Agent.Manager is not null, AgentHarness.Timeout, "a session");
        var task = AgentHarness.NewTask();

        server.Dispatcher.Assign(task);

        await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Running);
    }

    [Fact]
    public async Task Run_ManyTasksAtOnce_StatusesGoOutInBatches()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        var tasks = Enumerable.Range(0, 20).Select(_ => AgentHarness.NewTask()).ToList();
        tasks.ForEach(server.Dispatcher.Assign);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), server.Address);

        foreach (var task in tasks)
            await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Running);

        Assert.Contains(server.Dispatcher.BatchSizes, size => size > 1);
    }

    [Fact]
    public async Task Run_PrepareFails_ReportsRejectedWithReason()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        var task = AgentHarness.NewTask("app:v2", "FAKE_PREPARE_ERROR=pull access denied for app");
        server.Dispatcher.Assign(task);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), server.Address);

        await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Rejected);

        Assert.Equal("pull access denied for app", server.Dispatcher.LatestStatus(task.Id)?.Err);
    }

    [Fact]
    public async Task Run_TaskExits_ReportsFailedWithExitCode()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        var task = AgentHarness.NewTask("app:v2", "FAKE_EXIT=3", "FAKE_RUN_MS=50");
        server.Dispatcher.Assign(task);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), server.Address);

        await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Failed);

        Assert.Equal(3, server.Dispatcher.LatestStatus(task.Id)?.ContainerStatus?.ExitCode);
    }

    [Fact]
    public async Task Run_DesiredShutdown_StopsTheTask()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        var task = AgentHarness.NewTask();
        server.Dispatcher.Assign(task);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), server.Address);
        await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Running);

        server.Dispatcher.Assign(task with { DesiredState = TaskState.Shutdown });

        await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Shutdown);
        Assert.Equal(FakeContainerState.Exited, agent.Executor.Container(task.Id)?.State);
        Assert.Equal(TimeSpan.FromSeconds(1), agent.Executor.Container(task.Id)?.LastGracePeriod);
    }

    [Fact]
    public async Task Run_TaskUnassigned_StopsAndRemovesIt()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        var task = AgentHarness.NewTask();
        server.Dispatcher.Assign(task);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), server.Address);
        await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Running);

        server.Dispatcher.Unassign(task.Id);

        await Eventually.TrueAsync(() => agent.Executor.Container(task.Id) is null, AgentHarness.Timeout, "container removed");
        await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Shutdown);
        await Eventually.TrueAsync(() => agent.Agent.Tasks.Count == 0, AgentHarness.Timeout, "agent forgot the task");
    }

    [Fact]
    public async Task Run_TaskWithSecret_ControllerGetsItAndItNeverTouchesDisk()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        var secret = new Secret { Id = Ids.New(), Spec = new SecretSpec { Name = "db-password", Data = "s3cr3t-do-not-persist"u8.ToArray() } };
        var task = AgentHarness.NewTask() is var t
            ? t with { Spec = t.Spec with { ContainerSpec = t.Spec.ContainerSpec with { Secrets = [new FileReference { ObjectId = secret.Id, ObjectName = "db-password", FileName = "db-password" }] } } }
            : t;
        server.Dispatcher.AddSecret(secret);
        server.Dispatcher.Assign(task);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), server.Address);

        await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Running);

        Assert.Equal(secret.Spec.Data, agent.Executor.Container(task.Id)?.Dependencies.Secret(secret.Id).Spec.Data);
        foreach (var file in Directory.EnumerateFiles(data.Path, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain("s3cr3t-do-not-persist", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StatusUpdatesFailForAWhile_LatestStatusStillArrives()
    {
        await using var server = await TestDispatcherServer.StartAsync(ca);
        server.Dispatcher.RejectStatuses = true;
        var task = AgentHarness.NewTask();
        server.Dispatcher.Assign(task);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), server.Address);
        await Eventually.TrueAsync(() => agent.Agent.Tasks.Any(t => t.Status.State == TaskState.Running), AgentHarness.Timeout, "task running");

        server.Dispatcher.RejectStatuses = false;

        await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Running);
        await Eventually.TrueAsync(() => agent.Agent.PendingStatusCount == 0, AgentHarness.Timeout, "nothing left to send");
    }
}
