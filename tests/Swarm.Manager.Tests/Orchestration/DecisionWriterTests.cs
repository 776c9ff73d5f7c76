using Swarm.Api.Objects;
using Swarm.Manager.Orchestration;
using Swarm.Manager.Planning.Orchestration;

namespace Swarm.Manager.Tests.Orchestration;

public sealed class DecisionWriterTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ApplyAsync_DecisionsOnVanishedTasks_AreSkipped()
    {
        var world = new OrchestrationWorld();
        var writer = new DecisionWriter(world.Store);

        var applied = await writer.ApplyAsync(
            [new ShutdownTask("gone", "test"), new DeleteTask("gone", "test"), new StartTask("gone", TaskState.Running),
             new RejectTask("gone", "m", "e")],
            None);

        Assert.Equal(0, applied);
    }

    [Fact]
    public async Task ApplyAsync_CreateFromOlderSpecVersion_IsSkipped()
    {
        var world = new OrchestrationWorld();
        var id = await world.CreateServiceAsync(OrchestrationWorld.Replicated("web", 1));
        await world.UpdateServiceAsync(id, s => s with { Labels = new Dictionary<string, string> { ["v"] = "2" } });
        var writer = new DecisionWriter(world.Store);

        var applied = await writer.ApplyAsync([new CreateTask(id, 1, "", 1, TaskState.Running)], None);

        Assert.Equal(0, applied);
        Assert.Empty(world.Tasks(id));
    }

    [Fact]
    public async Task ApplyAsync_SameRestartTwice_CreatesOneReplacement()
    {
        var world = new OrchestrationWorld();
        var id = await world.CreateServiceAsync(OrchestrationWorld.Replicated("web", 1));
        var writer = new DecisionWriter(world.Store);
        await writer.ApplyAsync([new CreateTask(id, 1, "", 1, TaskState.Running)], None);
        var old = world.Tasks(id).Single();
        var restart = new RestartTask(old.Id, new CreateTask(id, 1, "", 1, TaskState.Ready), DateTimeOffset.UnixEpoch);

        var applied = await writer.ApplyAsync([restart, restart], None);

        Assert.Equal(1, applied);
        var tasks = world.Tasks(id);
        Assert.Equal(2, tasks.Count);
        Assert.Equal(TaskState.Shutdown, tasks.Single(t => t.Id == old.Id).DesiredState);
        Assert.Equal(TaskState.Ready, tasks.Single(t => t.Id != old.Id).DesiredState);
    }

    [Fact]
    public async Task ApplyAsync_RejectAndDesiredStates_MoveOnlyForward()
    {
        var world = new OrchestrationWorld();
        var id = await world.CreateServiceAsync(OrchestrationWorld.Replicated("web", 1));
        var writer = new DecisionWriter(world.Store);
        await writer.ApplyAsync([new CreateTask(id, 1, "", 1, TaskState.Running)], None);
        var task = world.Tasks(id).Single();

        await writer.ApplyAsync([new RejectTask(task.Id, "rejected", "no fit"), new RemoveTask(task.Id, "scale")], None);
        var lateShutdown = await writer.ApplyAsync([new ShutdownTask(task.Id, "late")], None);

        var stored = world.Tasks(id).Single();
        Assert.Equal(0, lateShutdown);
        Assert.Equal(TaskState.Remove, stored.DesiredState);
        Assert.Equal(TaskState.Rejected, stored.Status.State);
        Assert.Equal("no fit", stored.Status.Err);
    }

    [Fact]
    public async Task ApplyAsync_MoreDecisionsThanOneTransactionHolds_CommitsThemAll()
    {
        var world = new OrchestrationWorld();
        var id = await world.CreateServiceAsync(OrchestrationWorld.Replicated("web", 450));
        var writer = new DecisionWriter(world.Store);
        var creates = Enumerable.Range(1, 450).Select(s => new CreateTask(id, (ulong)s, "", 1, TaskState.Running)).ToArray();

        var applied = await writer.ApplyAsync(creates, None);

        Assert.Equal(450, applied);
        Assert.Equal(450, world.Tasks(id).Count);
    }
}
