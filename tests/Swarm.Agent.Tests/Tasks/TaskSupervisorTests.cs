using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Agent.Tasks;
using Swarm.Api.Objects;
using Swarm.Exec;
using Swarm.Testing;
using Swarm.Testing.Exec;

namespace Swarm.Agent.Tests.Tasks;

public sealed class TaskSupervisorTests : IAsyncLifetime
{
    private readonly TempDirectory data = new("swarm-agent-supervisor-");
    private readonly FakeExecutor executor = new();
    private readonly StatusReporter reporter = new(TimeProvider.System, TimeSpan.Zero, 100);
    private TaskSupervisor supervisor = null!;

    public Task InitializeAsync()
    {
        supervisor = NewSupervisor();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await supervisor.DisposeAsync();
        data.Dispose();
    }

    private TaskSupervisor NewSupervisor()
        => new(executor, new TaskStepper(TimeProvider.System), new TaskStateStore(data.Path), reporter, NullLogger.Instance);

    private static AssignmentBatch Batch(bool complete, params SwarmTask[] tasks)
    {
        var batch = new AssignmentBatch { Complete = complete };
        batch.Tasks.AddRange(tasks);
        return batch;
    }

    private Task StateAsync(string taskId, TaskState state)
        => Eventually.TrueAsync(() => supervisor.Tasks.Any(t => t.Id == taskId && t.Status.State == state), AgentHarness.Timeout, $"{taskId} {state}");

    [Fact]
    public async Task Apply_CompleteSetWithoutATask_RemovesIt()
    {
        var kept = AgentHarness.NewTask();
        var dropped = AgentHarness.NewTask();
        supervisor.Apply(Batch(true, kept, dropped));
        await StateAsync(dropped.Id, TaskState.Running);

        supervisor.Apply(Batch(true, kept));
        await supervisor.RemovalsSettledAsync();

        Assert.Null(executor.Container(dropped.Id));
        Assert.Equal([kept.Id], supervisor.Tasks.Select(t => t.Id));
    }

    [Fact]
    public async Task Apply_SecretInSameBatchAsTask_TaskRuns()
    {
        var secret = new Secret { Id = Ids.New(), Spec = new SecretSpec { Name = "s" } };
        var task = AgentHarness.NewTask() is var t
            ? t with { Spec = t.Spec with { ContainerSpec = t.Spec.ContainerSpec with { Secrets = [new FileReference { ObjectId = secret.Id }] } } }
            : t;
        var batch = Batch(false, task);
        batch.Secrets.Add(secret);

        supervisor.Apply(batch);

        await StateAsync(task.Id, TaskState.Running);
    }

    [Fact]
    public async Task Apply_TaskNeedingAbsentSecret_Rejected()
    {
        var task = AgentHarness.NewTask() is var t
            ? t with { Spec = t.Spec with { ContainerSpec = t.Spec.ContainerSpec with { Secrets = [new FileReference { ObjectId = "missing" }] } } }
            : t;

        supervisor.Apply(Batch(false, task));

        await StateAsync(task.Id, TaskState.Rejected);
        Assert.Contains("missing", supervisor.Tasks.Single().Status.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_DesiredReady_StopsAtReadyUntilDesiredRunning()
    {
        var task = AgentHarness.NewTask() with { DesiredState = TaskState.Ready };
        supervisor.Apply(Batch(false, task));
        await StateAsync(task.Id, TaskState.Ready);

        supervisor.Apply(Batch(false, task with { DesiredState = TaskState.Running }));

        await StateAsync(task.Id, TaskState.Running);
    }

    [Fact]
    public async Task New_AfterRestart_ResumesFromPersistedStateNotTheManagersOlderOne()
    {
        var task = AgentHarness.NewTask();
        supervisor.Apply(Batch(true, task));
        await StateAsync(task.Id, TaskState.Running);
        await supervisor.DisposeAsync();

        supervisor = NewSupervisor();
        supervisor.Apply(Batch(true, task)); // the managers' copy still says Assigned

        Assert.Equal(TaskState.Running, supervisor.Tasks.Single().Status.State);
        Assert.Equal(1, executor.Container(task.Id)?.StartCount);
    }
}
