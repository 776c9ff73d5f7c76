using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Agent.Tasks;
using Swarm.Api.Objects;
using Swarm.Exec;
using Swarm.Testing;
using Swarm.Testing.Exec;

namespace Swarm.Agent.Tests.Tasks;

public sealed class TaskManagerTests
{
    private readonly FakeExecutor executor = new();
    private readonly ConcurrentQueue<SwarmTaskStatus> observed = new();

    private TaskManager Manager(SwarmTask task, ITaskController? controller, string? error = null)
        => new(task, controller, error, new TaskStepper(TimeProvider.System), t => observed.Enqueue(t.Status), NullLogger.Instance);

    private Task ObservedAsync(TaskState state)
        => Eventually.TrueAsync(() => observed.Any(s => s.State == state), AgentHarness.Timeout, $"observed {state}");

    [Fact]
    public async Task Update_DesiredShutdownWhileRunning_EndsTheWaitAndShutsDown()
    {
        var task = AgentHarness.NewTask();
        await using var manager = Manager(task, executor.CreateController(task, TaskDependencies.None));
        manager.Start();
        await ObservedAsync(TaskState.Running);

        manager.Update(task with { DesiredState = TaskState.Shutdown });

        await ObservedAsync(TaskState.Shutdown);
        Assert.Equal(FakeContainerState.Exited, executor.Container(task.Id)?.State);
    }

    [Fact]
    public async Task Update_SameDesiredState_DoesNotDisturbTheRunningTask()
    {
        var task = AgentHarness.NewTask();
        await using var manager = Manager(task, executor.CreateController(task, TaskDependencies.None));
        manager.Start();
        await ObservedAsync(TaskState.Running);
        var before = observed.Count;

        manager.Update(task with { Status = new SwarmTaskStatus { State = TaskState.Running } });

        Assert.Equal(TaskState.Running, manager.Task.Status.State);
        Assert.Equal(before, observed.Count);
        Assert.Equal(1, executor.Container(task.Id)?.StartCount);
    }

    [Fact]
    public async Task RemoveAsync_RunningTask_ShutsDownThenRemovesContainer()
    {
        var task = AgentHarness.NewTask();
        await using var manager = Manager(task, executor.CreateController(task, TaskDependencies.None));
        manager.Start();
        await ObservedAsync(TaskState.Running);

        await manager.RemoveAsync(CancellationToken.None).WaitAsync(AgentHarness.Timeout);

        Assert.Equal(TaskState.Shutdown, manager.Task.Status.State);
        Assert.Null(executor.Container(task.Id));
    }

    [Fact]
    public async Task Start_NoController_ReportsRejectedOnce()
    {
        await using var manager = Manager(AgentHarness.NewTask(), null, "secret s1 not found");

        manager.Start();

        var only = Assert.Single(observed);
        Assert.Equal(TaskState.Rejected, only.State);
        Assert.Equal("secret s1 not found", only.Err);
    }

    [Fact]
    public async Task DisposeAsync_RunningTask_LeavesContainerRunning()
    {
        var task = AgentHarness.NewTask();
        var manager = Manager(task, executor.CreateController(task, TaskDependencies.None));
        manager.Start();
        await ObservedAsync(TaskState.Running);

        await manager.DisposeAsync();

        Assert.Equal(FakeContainerState.Running, executor.Container(task.Id)?.State);
    }
}
