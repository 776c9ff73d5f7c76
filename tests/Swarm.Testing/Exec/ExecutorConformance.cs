using Swarm.Api.Objects;
using Swarm.Exec;
using Xunit;

namespace Swarm.Testing.Exec;

/// <summary>
/// What every <see cref="IExecutor"/> must do, driven through <see cref="TaskStepper"/> the way the agent drives it.
/// An implementation subclasses this and says how to make it and which task specs run, exit and fail on it.
/// </summary>
public abstract partial class ExecutorConformance : IAsyncLifetime
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
    private readonly List<ITaskController> controllers = [];
    private readonly TaskStepper stepper = new(TimeProvider.System);
    private IExecutor? executor;

    protected IExecutor Executor => executor ??= CreateExecutor();

    protected abstract IExecutor CreateExecutor();

    /// <summary>A container that runs until it is stopped.</summary>
    protected abstract ContainerSpec RunsUntilStopped();

    /// <summary>A container that exits by itself soon after starting, with <paramref name="exitCode"/>.</summary>
    protected abstract ContainerSpec ExitsWith(int exitCode);

    /// <summary>A container whose image cannot be pulled.</summary>
    protected abstract ContainerSpec MissingImage();

    /// <summary>A container whose healthcheck never passes; null when the implementation has no healthchecks.</summary>
    protected virtual ContainerSpec? NeverHealthy() => null;

    /// <summary>A container that ignores its stop signal (so only the kill after the grace period ends it).</summary>
    protected abstract ContainerSpec IgnoresStopSignal();

    /// <summary>
    /// A container that writes each of <paramref name="lines"/> to stdout, then <paramref name="stderrLine"/> to
    /// stderr, then runs until stopped; null when the implementation's controllers have no logs.
    /// </summary>
    protected virtual ContainerSpec? Prints(IReadOnlyList<string> lines, string stderrLine) => null;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var controller in controllers)
        {
            await controller.RemoveAsync(CancellationToken.None);
            await controller.DisposeAsync();
        }
    }

    [Fact]
    public async Task DescribeAsync_Node_HasHostnameAndResources()
    {
        var description = await Executor.DescribeAsync(CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(description.Hostname));
        Assert.True(description.Resources.NanoCpus > 0);
        Assert.True(description.Resources.MemoryBytes > 0);
    }

    [Fact]
    public async Task Step_LongRunningTask_ReachesRunningAndStaysThere()
    {
        var (controller, task) = Controller(RunsUntilStopped());

        task = await StepUntilAsync(controller, task, TaskState.Running);
        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var wait = controller.WaitAsync(shortWait.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(TaskState.Running, task.Status.State);
        Assert.False(string.IsNullOrEmpty(task.Status.ContainerStatus?.ContainerId));
    }

    [Fact]
    public async Task Step_DesiredShutdown_StopsRunningTask()
    {
        var (controller, task) = Controller(RunsUntilStopped() with { StopGracePeriod = TimeSpan.FromSeconds(2) });
        task = await StepUntilAsync(controller, task, TaskState.Running);

        task = await StepUntilAsync(controller, task with { DesiredState = TaskState.Shutdown }, TaskState.Shutdown);
        var exit = await controller.WaitAsync(CancellationToken.None).WaitAsync(StepTimeout);

        Assert.Equal(TaskState.Shutdown, task.Status.State);
        Assert.NotNull(exit);
    }

    [Fact]
    public async Task Shutdown_StopSignalIgnored_KilledAfterGracePeriod()
    {
        var (controller, task) = Controller(IgnoresStopSignal() with { StopGracePeriod = TimeSpan.FromMilliseconds(500) });
        task = await StepUntilAsync(controller, task, TaskState.Running);

        task = await StepUntilAsync(controller, task with { DesiredState = TaskState.Shutdown }, TaskState.Shutdown);
        var exit = await controller.WaitAsync(CancellationToken.None).WaitAsync(StepTimeout);

        Assert.Equal(137, exit.ExitCode);
    }

    [Fact]
    public async Task Step_ExitZero_Complete()
    {
        var (controller, task) = Controller(ExitsWith(0));

        task = await StepUntilAsync(controller, task, TaskState.Complete);

        Assert.Equal(0, task.Status.ContainerStatus?.ExitCode);
    }

    [Fact]
    public async Task Step_ExitNonZero_FailedWithExitCode()
    {
        var (controller, task) = Controller(ExitsWith(3));

        task = await StepUntilAsync(controller, task, TaskState.Failed);

        Assert.Equal(3, task.Status.ContainerStatus?.ExitCode);
        Assert.Contains("(3)", task.Status.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step_MissingImage_RejectedWithReason()
    {
        var (controller, task) = Controller(MissingImage());

        task = await StepUntilAsync(controller, task, TaskState.Rejected);

        Assert.False(string.IsNullOrEmpty(task.Status.Err));
    }

    [Fact]
    public async Task Step_NeverHealthy_FailsInsteadOfRunning()
    {
        if (NeverHealthy() is not { } spec)
            return;
        var (controller, task) = Controller(spec);

        task = await StepUntilAsync(controller, task, TaskState.Failed);

        Assert.False(string.IsNullOrEmpty(task.Status.Err));
    }

    [Fact]
    public async Task PrepareAndStart_Repeated_AreNoOpsOnTheSameContainer()
    {
        var (controller, task) = Controller(RunsUntilStopped());
        task = await StepUntilAsync(controller, task, TaskState.Running);
        var before = await controller.InspectAsync(CancellationToken.None);

        await controller.PrepareAsync(CancellationToken.None);
        await controller.StartAsync(CancellationToken.None);
        var after = await controller.InspectAsync(CancellationToken.None);

        Assert.Equal(before?.ContainerId, after?.ContainerId);
        Assert.Equal(before?.Pid, after?.Pid);
    }

    [Fact]
    public async Task CreateController_ForRunningTask_AdoptsItWithoutRestarting()
    {
        var (first, task) = Controller(RunsUntilStopped());
        task = await StepUntilAsync(first, task, TaskState.Running);
        var before = await first.InspectAsync(CancellationToken.None);

        var second = Track(Executor.CreateController(task, TaskDependencies.None));
        await second.StartAsync(CancellationToken.None);
        var after = await second.InspectAsync(CancellationToken.None);
        await second.ShutdownAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        var exit = await first.WaitAsync(CancellationToken.None).WaitAsync(StepTimeout);

        Assert.Equal(before?.ContainerId, after?.ContainerId);
        Assert.Equal(before?.Pid, after?.Pid);
        Assert.NotNull(exit);
    }

    [Fact]
    public async Task Terminate_RunningTask_WaitReturnsNonZero()
    {
        var (controller, task) = Controller(RunsUntilStopped());
        await StepUntilAsync(controller, task, TaskState.Running);

        await controller.TerminateAsync(CancellationToken.None);
        var exit = await controller.WaitAsync(CancellationToken.None).WaitAsync(StepTimeout);

        Assert.NotEqual(0, exit.ExitCode);
    }

    [Fact]
    public async Task ShutdownAndRemove_NeverPreparedTask_Succeed()
    {
        var (controller, _) = Controller(RunsUntilStopped());

        await controller.ShutdownAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        await controller.RemoveAsync(CancellationToken.None);
        await controller.RemoveAsync(CancellationToken.None);
    }

    [Fact]
    public void CreateController_MissingSecret_Throws()
    {
        var spec = RunsUntilStopped() with { Secrets = [new FileReference { ObjectId = "absent", ObjectName = "absent", FileName = "absent" }] };

        Assert.ThrowsAny<Exception>(() => Executor.CreateController(NewTask(spec), TaskDependencies.None));
    }

    [Fact]
    public async Task CreateController_WithSecret_RunsTask()
    {
        var secret = new Secret { Id = Ids.New(), Spec = new SecretSpec { Name = "pw", Data = "hunter2"u8.ToArray() } };
        var spec = RunsUntilStopped() with { Secrets = [new FileReference { ObjectId = secret.Id, ObjectName = "pw", FileName = "pw" }] };
        var dependencies = new TaskDependencies { Secrets = new Dictionary<string, Secret> { [secret.Id] = secret } };
        var task = NewTask(spec);
        var controller = Track(Executor.CreateController(task, dependencies));

        task = await StepUntilAsync(controller, task, TaskState.Running);

        Assert.Equal(TaskState.Running, task.Status.State);
    }

    protected static SwarmTask NewTask(ContainerSpec spec) => new()
    {
        Id = Ids.New(),
        ServiceId = "conformance",
        ServiceName = "conformance",
        Slot = 1,
        Spec = new TaskSpec { ContainerSpec = spec },
        DesiredState = TaskState.Running,
        Status = new SwarmTaskStatus { State = TaskState.Assigned },
    };

    /// <summary>Steps until <paramref name="target"/> or another terminal state, failing on a wrong end or a stall.</summary>
    protected async Task<SwarmTask> StepUntilAsync(ITaskController controller, SwarmTask task, TaskState target)
    {
        for (var steps = 0; steps < 20; steps++)
        {
            if (task.Status.State == target)
                return task;
            Assert.False(task.Status.State.IsTerminal(), $"task ended {task.Status.State} ({task.Status.Err}), wanted {target}");
            using var timeout = new CancellationTokenSource(StepTimeout);
            var next = await stepper.StepAsync(controller, task, timeout.Token);
            Assert.True(task.Status.State.CanMoveTo(next.State), $"moved backward {task.Status.State} -> {next.State}");
            Assert.NotEqual(task.Status, next);
            task = task with { Status = next };
        }
        throw new InvalidOperationException($"task did not reach {target}; stuck at {task.Status.State}");
    }

    private (ITaskController Controller, SwarmTask Task) Controller(ContainerSpec spec)
    {
        var task = NewTask(spec);
        return (Track(Executor.CreateController(task, TaskDependencies.None)), task);
    }

    private ITaskController Track(ITaskController controller)
    {
        controllers.Add(controller);
        return controller;
    }
}
