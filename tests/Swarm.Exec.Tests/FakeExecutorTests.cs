using Swarm.Api.Objects;
using Swarm.Exec;
using Swarm.Testing.Exec;

namespace Swarm.Exec.Tests;

/// <summary>The fake's scripting, which manager and agent tests lean on.</summary>
public sealed class FakeExecutorTests
{
    private static SwarmTask Task(string image, params string[] env) => new()
    {
        Id = Ids.New(),
        Spec = new TaskSpec { ContainerSpec = new ContainerSpec { Image = image, Env = env } },
        DesiredState = TaskState.Running,
        Status = new SwarmTaskStatus { State = TaskState.Assigned },
    };

    [Theory]
    [InlineData("app:v2", new[] { "FAKE_EXIT=1" }, TaskState.Failed)]
    [InlineData("app:v2", new[] { "FAKE_EXIT=0", "FAKE_RUN_MS=10" }, TaskState.Complete)]
    [InlineData("app:v2", new[] { "FAKE_PREPARE_ERROR=no such image" }, TaskState.Rejected)]
    [InlineData("app:v2", new[] { "FAKE_START_ERROR=bad entrypoint" }, TaskState.Failed)]
    [InlineData("app:v2", new[] { "FAKE_UNHEALTHY=1" }, TaskState.Failed)]
    [InlineData("fake/exit-2", new string[0], TaskState.Failed)]
    [InlineData("fake/fail-prepare:1", new string[0], TaskState.Rejected)]
    public async Task Run_ScriptedByEnvOrImage_EndsAsScripted(string image, string[] env, TaskState expected)
    {
        var executor = new FakeExecutor();
        var task = Task(image, env);

        var end = await RunToEndAsync(executor, task);

        Assert.Equal(expected, end.State);
    }

    [Fact]
    public async Task Script_Image_OverridesEnvironment()
    {
        var executor = new FakeExecutor();
        executor.Script("app:v3", new FakeBehaviour { ExitCode = 9, RunFor = TimeSpan.Zero });

        var end = await RunToEndAsync(executor, Task("app:v3"));

        Assert.Equal(TaskState.Failed, end.State);
        Assert.Equal(9, end.ContainerStatus?.ExitCode);
    }

    [Fact]
    public async Task ExitWith_RunningTask_EndsItsWait()
    {
        var executor = new FakeExecutor();
        var task = Task("busybox");
        var controller = executor.CreateController(task, TaskDependencies.None);
        await controller.PrepareAsync(CancellationToken.None);
        await controller.StartAsync(CancellationToken.None);

        executor.Container(task.Id)!.ExitWith(new ExitStatus(5));
        var exit = await controller.WaitAsync(CancellationToken.None);

        Assert.Equal(5, exit.ExitCode);
        Assert.Empty(executor.Running);
    }

    private static async Task<SwarmTaskStatus> RunToEndAsync(FakeExecutor executor, SwarmTask task)
    {
        var stepper = new TaskStepper(TimeProvider.System);
        var controller = executor.CreateController(task, TaskDependencies.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!task.Status.State.IsTerminal())
            task = task with { Status = await stepper.StepAsync(controller, task, timeout.Token) };
        return task.Status;
    }
}
