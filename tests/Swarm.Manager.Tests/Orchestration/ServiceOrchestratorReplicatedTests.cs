using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Swarm.Api.Objects;
using Swarm.Manager.Orchestration;

namespace Swarm.Manager.Tests.Orchestration;

public sealed class ServiceOrchestratorReplicatedTests
{
    private static readonly RestartPolicy Immediate = new() { Condition = RestartCondition.Any, Delay = TimeSpan.Zero };

    private static RunningLoop Start(OrchestrationWorld world, TimeSpan? debounce = null)
    {
        var orchestrator = new ServiceOrchestrator(
            world.Store, world.Time, NullLogger<ServiceOrchestrator>.Instance, debounce);
        return new RunningLoop(orchestrator.RunAsync);
    }

    [Fact]
    public async Task RunAsync_NewService_CreatesOneNewTaskPerSlot()
    {
        var world = new OrchestrationWorld();
        await using var loop = Start(world);

        var id = await world.CreateServiceAsync(OrchestrationWorld.Replicated("web", 3));

        await world.UntilAsync(() => world.Tasks(id).Count == 3, "3 tasks");
        var tasks = world.Tasks(id);
        Assert.Equal([1UL, 2UL, 3UL], tasks.Select(t => t.Slot).Order());
        Assert.All(tasks, t =>
        {
            Assert.Equal(TaskState.Running, t.DesiredState);
            Assert.Equal(TaskState.New, t.Status.State);
            Assert.Equal(DecisionWriter.CreatedMessage, t.Status.Message);
            Assert.Equal("web", t.ServiceName);
            Assert.Equal(1UL, t.SpecVersion);
            Assert.Equal("", t.NodeId);
        });
    }

    [Fact]
    public async Task RunAsync_ExistingServiceAtStart_IsReconciled()
    {
        var world = new OrchestrationWorld();
        var id = await world.CreateServiceAsync(OrchestrationWorld.Replicated("web", 2));

        await using var loop = Start(world);

        await world.UntilAsync(() => world.Tasks(id).Count == 2, "2 tasks");
    }

    [Fact]
    public async Task RunAsync_ScaleUpThenDown_CreatesThenRemovesTasks()
    {
        var world = new OrchestrationWorld();
        await using var loop = Start(world);
        var id = await world.CreateServiceAsync(OrchestrationWorld.Replicated("web", 3));
        await world.UntilAsync(() => world.LiveTasks(id).Count == 3, "3 tasks");

        await world.UpdateServiceAsync(id, s => s with { Mode = new ServiceMode { Replicated = new ReplicatedMode { Replicas = 5 } } });
        await world.UntilAsync(() => world.LiveTasks(id).Count == 5, "5 tasks");
        Assert.Equal([1UL, 2UL, 3UL, 4UL, 5UL], world.LiveTasks(id).Select(t => t.Slot).Order());

        await world.UpdateServiceAsync(id, s => s with { Mode = new ServiceMode { Replicated = new ReplicatedMode { Replicas = 2 } } });
        await world.UntilAsync(() => world.LiveTasks(id).Count == 2, "2 live tasks");
        Assert.Equal([1UL, 2UL], world.LiveTasks(id).Select(t => t.Slot).Order());
        // Scaled-down tasks are set to REMOVE; their slots are then dead and the orchestrator may delete them.
        Assert.All(world.Tasks(id).Where(t => t.Slot > 2), t => Assert.Equal(TaskState.Remove, t.DesiredState));
        await Task.Delay(200);
        Assert.Equal(2, world.LiveTasks(id).Count);
    }

    [Fact]
    public async Task RunAsync_ServiceDeleted_SetsItsTasksToRemove()
    {
        var world = new OrchestrationWorld();
        await using var loop = Start(world);
        var id = await world.CreateServiceAsync(OrchestrationWorld.Replicated("web", 3));
        await world.UntilAsync(() => world.Tasks(id).Count == 3, "3 tasks");

        await world.DeleteServiceAsync(id);

        await world.UntilAsync(
            () => world.Tasks(id).All(t => t.DesiredState == TaskState.Remove), "every task desired REMOVE");
        Assert.Equal(3, world.Tasks(id).Count);
    }

    [Fact]
    public async Task RunAsync_TaskFailed_CreatesRunningReplacementInSameSlot()
    {
        var world = new OrchestrationWorld();
        await using var loop = Start(world);
        var id = await world.CreateServiceAsync(OrchestrationWorld.Replicated("web", 1, Immediate));
        await world.UntilAsync(() => world.Tasks(id).Count == 1, "1 task");
        var failed = world.Tasks(id)[0];

        await world.ReportAsync(failed.Id, TaskState.Failed);

        await world.UntilAsync(
            () => world.Tasks(id).Any(t => t.Id != failed.Id && t.DesiredState == TaskState.Running),
            "a running replacement");
        var tasks = world.Tasks(id);
        Assert.Equal(2, tasks.Count);
        Assert.Equal(TaskState.Shutdown, tasks.Single(t => t.Id == failed.Id).DesiredState);
        var replacement = tasks.Single(t => t.Id != failed.Id);
        Assert.Equal(1UL, replacement.Slot);
        Assert.Equal(TaskState.New, replacement.Status.State);
    }

    [Fact]
    public async Task RunAsync_TaskFailedWithRestartDelay_StartsReplacementOnlyAfterDelay()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var world = new OrchestrationWorld(time);
        await using var loop = Start(world, TimeSpan.Zero);
        var delayed = new RestartPolicy { Condition = RestartCondition.Any, Delay = TimeSpan.FromSeconds(10) };
        var id = await world.CreateServiceAsync(OrchestrationWorld.Replicated("web", 1, delayed));
        await world.UntilAsync(() => world.Tasks(id).Count == 1, "1 task");
        var failed = world.Tasks(id)[0];

        await world.ReportAsync(failed.Id, TaskState.Failed);
        await world.UntilAsync(() => world.Tasks(id).Any(t => t.DesiredState == TaskState.Ready), "a READY replacement");
        await Task.Delay(300);
        Assert.Contains(world.Tasks(id), t => t.DesiredState == TaskState.Ready);

        time.Advance(TimeSpan.FromSeconds(10));

        await world.UntilAsync(
            () => world.Tasks(id).Any(t => t.Id != failed.Id && t.DesiredState == TaskState.Running),
            "the replacement started after the restart delay");
        Assert.Single(world.LiveTasks(id));
    }

    [Fact]
    public async Task RunAsync_RestartConditionNone_ShutsDownWithoutReplacement()
    {
        var world = new OrchestrationWorld();
        await using var loop = Start(world);
        var id = await world.CreateServiceAsync(
            OrchestrationWorld.Replicated("web", 1, new RestartPolicy { Condition = RestartCondition.None }));
        await world.UntilAsync(() => world.Tasks(id).Count == 1, "1 task");
        var failed = world.Tasks(id)[0];

        await world.ReportAsync(failed.Id, TaskState.Failed);

        await world.UntilAsync(
            () => world.Tasks(id).Single().DesiredState == TaskState.Shutdown, "the failed task shut down");
        await Task.Delay(200);
        Assert.Single(world.Tasks(id));
    }

    [Fact]
    public async Task RunAsync_TasksOfMissingServiceAtStart_AreSetToRemove()
    {
        var world = new OrchestrationWorld();
        var orphanId = Ids.New();
        await world.Store.UpdateAsync(tx => tx.Tasks.Create(new SwarmTask
        {
            Id = orphanId, ServiceId = "deleted-while-no-leader", Slot = 1, DesiredState = TaskState.Running,
        }));

        await using var loop = Start(world);

        await world.UntilAsync(
            () => world.Store.Snapshot().Tasks.Get(orphanId)?.DesiredState == TaskState.Remove, "the task set to REMOVE");
    }
}
