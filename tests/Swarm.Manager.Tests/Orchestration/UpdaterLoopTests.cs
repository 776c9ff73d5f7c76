using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Objects;
using Swarm.Manager.Orchestration;

namespace Swarm.Manager.Tests.Orchestration;

/// <summary>The updater running with the real orchestrator over a real store, tasks driven by a fake agent.</summary>
public sealed class UpdaterLoopTests
{
    private static readonly UpdateConfig OneAtATime = new()
    {
        Parallelism = 1, Monitor = TimeSpan.FromMilliseconds(200), FailureAction = FailureAction.Rollback,
    };

    private static ServiceSpec Web(string image, ulong replicas = 3) => OrchestrationWorld.Replicated("web", replicas) with
    {
        TaskTemplate = new TaskSpec
        {
            ContainerSpec = new ContainerSpec { Image = image },
            RestartPolicy = new RestartPolicy { Condition = RestartCondition.None },
        },
        UpdateConfig = OneAtATime,
        RollbackConfig = OneAtATime with { FailureAction = FailureAction.Pause },
    };

    private static (RunningLoop, RunningLoop) Start(OrchestrationWorld world)
    {
        var orchestrator = new ServiceOrchestrator(world.Store, world.Time, NullLogger<ServiceOrchestrator>.Instance);
        var updater = new UpdaterLoop(world.Store, world.Time, NullLogger<UpdaterLoop>.Instance);
        return (new RunningLoop(orchestrator.RunAsync), new RunningLoop(updater.RunAsync));
    }

    private static IReadOnlyList<SwarmTask> Running(OrchestrationWorld world, string serviceId, string image)
        => world.LiveTasks(serviceId)
            .Where(t => t.Status.State == TaskState.Running && t.Spec.ContainerSpec.Image == image)
            .ToArray();

    private static UpdateState? StateOf(OrchestrationWorld world, string serviceId)
        => world.Store.Snapshot().Services.Get(serviceId)?.UpdateStatus?.State;

    [Fact]
    public async Task NewImage_ReplacesEverySlotOneAtATime_AndCompletes()
    {
        var world = new OrchestrationWorld();
        var (orchestrator, updater) = Start(world);
        await using var _o = orchestrator;
        await using var _u = updater;
        await using var agent = new FakeTaskRunner(world.Store);
        var id = await world.CreateServiceAsync(Web("app:1"));
        await world.UntilAsync(() => Running(world, id, "app:1").Count == 3, "3 running app:1 tasks");

        await world.UserUpdateAsync(id, s => s with { TaskTemplate = s.TaskTemplate with { ContainerSpec = new ContainerSpec { Image = "app:2" } } });

        var mostAtOnce = 0;
        await world.UntilAsync(() =>
        {
            // Parallelism 1, stop-first: never more than one slot without a running task of either version.
            var live = world.LiveTasks(id);
            mostAtOnce = Math.Max(mostAtOnce, live.Count(t => t.Spec.ContainerSpec.Image == "app:2" && t.Status.State < TaskState.Running));
            return StateOf(world, id) == UpdateState.Completed;
        }, "update completed");
        Assert.Equal(3, Running(world, id, "app:2").Count);
        Assert.Empty(Running(world, id, "app:1"));
        Assert.True(mostAtOnce <= 1, $"{mostAtOnce} replacements were starting at once with parallelism 1");
        Assert.Equal([1UL, 2UL, 3UL], world.LiveTasks(id).Select(t => t.Slot).Order());
        Assert.Equal("update completed", world.Store.Snapshot().Services.Get(id)!.UpdateStatus!.Message);
    }

    [Fact]
    public async Task FailingNewImage_RollsBackToThePreviousSpec()
    {
        var world = new OrchestrationWorld();
        var (orchestrator, updater) = Start(world);
        await using var _o = orchestrator;
        await using var _u = updater;
        await using var agent = new FakeTaskRunner(world.Store, failingImages: "app:bad");
        var id = await world.CreateServiceAsync(Web("app:1"));
        await world.UntilAsync(() => Running(world, id, "app:1").Count == 3, "3 running app:1 tasks");

        await world.UserUpdateAsync(id, s => s with { TaskTemplate = s.TaskTemplate with { ContainerSpec = new ContainerSpec { Image = "app:bad" } } });

        await world.UntilAsync(() => StateOf(world, id) == UpdateState.RollbackCompleted, "rollback completed");
        var service = world.Store.Snapshot().Services.Get(id)!;
        Assert.Equal("app:1", service.Spec.TaskTemplate.ContainerSpec.Image);
        Assert.Equal("app:bad", service.PreviousSpec!.TaskTemplate.ContainerSpec.Image);
        Assert.Equal(3, Running(world, id, "app:1").Count);
        Assert.Equal(3, world.LiveTasks(id).Count);
        Assert.Equal("rollback completed", service.UpdateStatus!.Message);
    }

    [Fact]
    public async Task FailingNewImage_WithPauseAction_PausesAndKeepsTheRest()
    {
        var world = new OrchestrationWorld();
        var (orchestrator, updater) = Start(world);
        await using var _o = orchestrator;
        await using var _u = updater;
        await using var agent = new FakeTaskRunner(world.Store, failingImages: "app:bad");
        var spec = Web("app:1") with { UpdateConfig = OneAtATime with { FailureAction = FailureAction.Pause } };
        var id = await world.CreateServiceAsync(spec);
        await world.UntilAsync(() => Running(world, id, "app:1").Count == 3, "3 running app:1 tasks");

        await world.UserUpdateAsync(id, s => s with { TaskTemplate = s.TaskTemplate with { ContainerSpec = new ContainerSpec { Image = "app:bad" } } });

        await world.UntilAsync(() => StateOf(world, id) == UpdateState.Paused, "update paused");
        await Task.Delay(300);
        // One slot was tried and failed; the other two still run the old version.
        Assert.Equal(2, Running(world, id, "app:1").Count);
        Assert.Equal(UpdateState.Paused, StateOf(world, id));
        Assert.StartsWith("update paused due to failure", world.Store.Snapshot().Services.Get(id)!.UpdateStatus!.Message, StringComparison.Ordinal);
    }
}
