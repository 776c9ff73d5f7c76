using Microsoft.Extensions.Time.Testing;
using Swarm.Api.Objects;
using Swarm.Exec;

namespace Swarm.Exec.Tests;

public sealed class TaskStepperTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly TaskStepper stepper;

    public TaskStepperTests() => stepper = new TaskStepper(time);

    private static SwarmTask Task(TaskState observed, TaskState desired = TaskState.Running, TimeSpan? grace = null) => new()
    {
        Id = "t1",
        DesiredState = desired,
        Status = new SwarmTaskStatus { State = observed, Message = "before" },
        Spec = new TaskSpec { ContainerSpec = new ContainerSpec { Image = "busybox", StopGracePeriod = grace } },
    };

    [Theory]
    [InlineData(TaskState.New, TaskState.Accepted, "accepted")]
    [InlineData(TaskState.Pending, TaskState.Accepted, "accepted")]
    [InlineData(TaskState.Assigned, TaskState.Accepted, "accepted")]
    [InlineData(TaskState.Accepted, TaskState.Preparing, "preparing")]
    [InlineData(TaskState.Preparing, TaskState.Ready, "prepared")]
    [InlineData(TaskState.Ready, TaskState.Starting, "starting")]
    [InlineData(TaskState.Starting, TaskState.Running, "started")]
    [InlineData(TaskState.Running, TaskState.Complete, "finished")]
    public async Task StepAsync_DesiredRunning_MovesOneStateForward(TaskState from, TaskState to, string message)
    {
        var status = await stepper.StepAsync(new RecordingController(), Task(from), CancellationToken.None);

        Assert.Equal(to, status.State);
        Assert.Equal(message, status.Message);
        Assert.Null(status.Err);
        Assert.Equal(time.GetUtcNow(), status.Timestamp);
    }

    [Fact]
    public async Task StepAsync_Repeated_WalksAssignedToCompleteCallingEachControllerMethodOnce()
    {
        var controller = new RecordingController();
        var task = Task(TaskState.Assigned);
        var seen = new List<TaskState>();
        while (!task.Status.State.IsTerminal())
        {
            task = task with { Status = await stepper.StepAsync(controller, task, CancellationToken.None) };
            seen.Add(task.Status.State);
        }

        Assert.Equal(
            [TaskState.Accepted, TaskState.Preparing, TaskState.Ready, TaskState.Starting, TaskState.Running, TaskState.Complete],
            seen);
        Assert.Equal(["prepare", "start", "healthy", "wait"], controller.Calls);
    }

    [Fact]
    public async Task StepAsync_PrepareFails_RejectedWithReason()
    {
        var controller = new RecordingController { PrepareError = new InvalidOperationException("pull access denied for nope") };

        var status = await stepper.StepAsync(controller, Task(TaskState.Preparing), CancellationToken.None);

        Assert.Equal(TaskState.Rejected, status.State);
        Assert.Equal("pull access denied for nope", status.Err);
    }

    [Fact]
    public async Task StepAsync_StartFails_FailedWithReason()
    {
        var controller = new RecordingController { StartError = new InvalidOperationException("exec: no such file") };

        var status = await stepper.StepAsync(controller, Task(TaskState.Starting), CancellationToken.None);

        Assert.Equal(TaskState.Failed, status.State);
        Assert.Equal("exec: no such file", status.Err);
    }

    [Fact]
    public async Task StepAsync_NeverHealthy_FailedNotRunning()
    {
        var controller = new RecordingController { HealthError = new UnhealthyException() };

        var status = await stepper.StepAsync(controller, Task(TaskState.Starting), CancellationToken.None);

        Assert.Equal(TaskState.Failed, status.State);
        Assert.Equal("container is unhealthy", status.Err);
    }

    [Fact]
    public async Task StepAsync_NonZeroExit_FailedWithExitCode()
    {
        var controller = new RecordingController { Exit = new ExitStatus(3), Container = new ContainerStatus { ContainerId = "c1", Pid = 42 } };

        var status = await stepper.StepAsync(controller, Task(TaskState.Running), CancellationToken.None);

        Assert.Equal(TaskState.Failed, status.State);
        Assert.Equal("task: non-zero exit (3)", status.Err);
        Assert.Equal(3, status.ContainerStatus?.ExitCode);
        Assert.Equal("c1", status.ContainerStatus?.ContainerId);
    }

    [Fact]
    public async Task StepAsync_ExitWithReason_ReasonInError()
    {
        var controller = new RecordingController { Exit = new ExitStatus(137, "OOM killed") };

        var status = await stepper.StepAsync(controller, Task(TaskState.Running), CancellationToken.None);

        Assert.Equal("task: non-zero exit (137): OOM killed", status.Err);
    }

    [Fact]
    public async Task StepAsync_Started_ReportsContainerStatus()
    {
        var controller = new RecordingController { Container = new ContainerStatus { ContainerId = "abc", Pid = 7 } };

        var status = await stepper.StepAsync(controller, Task(TaskState.Starting), CancellationToken.None);

        Assert.Equal("abc", status.ContainerStatus?.ContainerId);
        Assert.Equal(7, status.ContainerStatus?.Pid);
    }

    [Theory]
    [InlineData(TaskState.Assigned, TaskState.Shutdown)]
    [InlineData(TaskState.Preparing, TaskState.Shutdown)]
    [InlineData(TaskState.Ready, TaskState.Remove)]
    [InlineData(TaskState.Running, TaskState.Shutdown)]
    [InlineData(TaskState.Running, TaskState.Remove)]
    public async Task StepAsync_DesiredShutdownOrRemove_ShutsDown(TaskState observed, TaskState desired)
    {
        var controller = new RecordingController();

        var status = await stepper.StepAsync(controller, Task(observed, desired), CancellationToken.None);

        Assert.Equal(TaskState.Shutdown, status.State);
        Assert.Equal(["shutdown"], controller.Calls);
    }

    [Fact]
    public async Task StepAsync_Shutdown_UsesSpecGracePeriodElseDefault()
    {
        var withGrace = new RecordingController();
        var withoutGrace = new RecordingController();

        await stepper.StepAsync(withGrace, Task(TaskState.Running, TaskState.Shutdown, TimeSpan.FromSeconds(3)), CancellationToken.None);
        await stepper.StepAsync(withoutGrace, Task(TaskState.Running, TaskState.Shutdown), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(3), withGrace.ShutdownGrace);
        Assert.Equal(TaskStepper.DefaultStopGracePeriod, withoutGrace.ShutdownGrace);
    }

    [Fact]
    public async Task StepAsync_ShutdownFailsAfterStart_Failed()
    {
        var controller = new RecordingController { ShutdownError = new IOException("kill: permission denied") };

        var status = await stepper.StepAsync(controller, Task(TaskState.Running, TaskState.Shutdown), CancellationToken.None);

        Assert.Equal(TaskState.Failed, status.State);
        Assert.Equal("kill: permission denied", status.Err);
    }

    [Theory]
    [InlineData(TaskState.Complete)]
    [InlineData(TaskState.Shutdown)]
    [InlineData(TaskState.Failed)]
    [InlineData(TaskState.Rejected)]
    public async Task StepAsync_Terminal_NoOpEvenWhenShutdownDesired(TaskState terminal)
    {
        var controller = new RecordingController();
        var task = Task(terminal, TaskState.Shutdown);

        var status = await stepper.StepAsync(controller, task, CancellationToken.None);

        Assert.Same(task.Status, status);
        Assert.Empty(controller.Calls);
    }

    [Fact]
    public async Task StepAsync_ReadyAndDesiredReady_WaitsWithoutStarting()
    {
        var controller = new RecordingController();
        var task = Task(TaskState.Ready, TaskState.Ready);

        var status = await stepper.StepAsync(controller, task, CancellationToken.None);

        Assert.Same(task.Status, status);
        Assert.Empty(controller.Calls);
    }

    [Fact]
    public async Task StepAsync_DesiredReady_StillPrepares()
    {
        var controller = new RecordingController();

        var status = await stepper.StepAsync(controller, Task(TaskState.Preparing, TaskState.Ready), CancellationToken.None);

        Assert.Equal(TaskState.Ready, status.State);
        Assert.Equal(["prepare"], controller.Calls);
    }

    [Fact]
    public async Task StepAsync_DesiredComplete_RunsLikeRunning()
    {
        var status = await stepper.StepAsync(new RecordingController(), Task(TaskState.Ready, TaskState.Complete), CancellationToken.None);

        Assert.Equal(TaskState.Starting, status.State);
    }

    [Fact]
    public async Task StepAsync_CancelledWhileWaiting_PropagatesWithoutTransition()
    {
        var controller = new RecordingController { WaitBlocks = true };
        using var cts = new CancellationTokenSource();
        var step = stepper.StepAsync(controller, Task(TaskState.Running), cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => step);
    }

    [Fact]
    public async Task StepAsync_ControllerCancelsOnItsOwn_TreatedAsError()
    {
        var controller = new RecordingController { PrepareError = new OperationCanceledException("registry timed out") };

        var status = await stepper.StepAsync(controller, Task(TaskState.Preparing), CancellationToken.None);

        Assert.Equal(TaskState.Rejected, status.State);
        Assert.Equal("registry timed out", status.Err);
    }

    [Fact]
    public async Task StepAsync_RepeatedStep_IsIdempotentAndNeverMovesBackward()
    {
        var controller = new RecordingController();
        var task = Task(TaskState.Starting);

        var first = await stepper.StepAsync(controller, task, CancellationToken.None);
        var again = await stepper.StepAsync(controller, task, CancellationToken.None);

        Assert.Equal(first.State, again.State);
        Assert.True(task.Status.State.CanMoveTo(first.State));
    }

    [Fact]
    public void Fail_BeforeStarting_Rejected_AfterStarting_Failed()
    {
        Assert.Equal(TaskState.Rejected, stepper.Fail(new SwarmTaskStatus { State = TaskState.Assigned }, "no secret").State);
        Assert.Equal(TaskState.Failed, stepper.Fail(new SwarmTaskStatus { State = TaskState.Running }, "lost").State);
        Assert.Equal(TaskState.Complete, stepper.Fail(new SwarmTaskStatus { State = TaskState.Complete }, "late").State);
    }
}
