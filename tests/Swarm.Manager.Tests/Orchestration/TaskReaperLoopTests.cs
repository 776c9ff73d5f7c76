using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Objects;
using Swarm.Manager.Orchestration;

namespace Swarm.Manager.Tests.Orchestration;

public sealed class TaskReaperLoopTests
{
    private static RunningLoop Start(OrchestrationWorld world)
        => new(new TaskReaperLoop(world.Store, world.Time, NullLogger<TaskReaperLoop>.Instance, TimeSpan.FromMilliseconds(20)).RunAsync);

    /// <summary>A slot's history: <paramref name="stopped"/> failed tasks (oldest first) and one running task.</summary>
    private static async Task<(string Service, string[] Stopped, string Running)> SeedHistoryAsync(
        OrchestrationWorld world, int stopped)
    {
        var serviceId = await world.CreateServiceAsync(OrchestrationWorld.Replicated("web", 1));
        var start = DateTimeOffset.UnixEpoch;
        var ids = Enumerable.Range(0, stopped + 1).Select(_ => Ids.New()).ToArray();
        await world.Store.UpdateAsync(tx =>
        {
            for (var i = 0; i <= stopped; i++)
            {
                var running = i == stopped;
                tx.Tasks.Create(new SwarmTask
                {
                    Id = ids[i],
                    ServiceId = serviceId,
                    Slot = 1,
                    NodeId = "node",
                    SpecVersion = 1,
                    DesiredState = running ? TaskState.Running : TaskState.Shutdown,
                    Status = new SwarmTaskStatus
                    {
                        State = running ? TaskState.Running : TaskState.Failed,
                        Timestamp = start.AddMinutes(i),
                    },
                });
            }
        });
        return (serviceId, ids[..stopped], ids[stopped]);
    }

    [Fact]
    public async Task RunAsync_HistoryBeyondClusterLimit_DeletesOldestStoppedTasks()
    {
        var world = new OrchestrationWorld();
        await world.Store.UpdateAsync(tx => tx.Clusters.Create(new Cluster
        {
            Id = Ids.New(),
            Spec = new ClusterSpec { Orchestration = new OrchestrationConfig { TaskHistoryRetentionLimit = 2 } },
        }));
        var (service, stopped, running) = await SeedHistoryAsync(world, stopped: 4);

        await using var loop = Start(world);

        await world.UntilAsync(() => world.Tasks(service).Count == 2, "history trimmed to 2");
        Assert.Equal(
            new[] { stopped[^1], running }.Order(StringComparer.Ordinal),
            world.Tasks(service).Select(t => t.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_NoClusterObject_KeepsDefaultFiveTasksPerSlot()
    {
        var world = new OrchestrationWorld();
        var (service, _, running) = await SeedHistoryAsync(world, stopped: 7);

        await using var loop = Start(world);

        await world.UntilAsync(() => world.Tasks(service).Count == 5, "history trimmed to 5");
        Assert.Contains(world.Tasks(service), t => t.Id == running);
    }

    [Fact]
    public async Task RunAsync_TaskSetToRemoveLater_IsDeleted()
    {
        var world = new OrchestrationWorld();
        var (service, _, running) = await SeedHistoryAsync(world, stopped: 0);
        await using var loop = Start(world);
        await Task.Delay(100);
        Assert.Single(world.Tasks(service));

        await world.Store.UpdateAsync(tx => tx.Tasks.Update(tx.Tasks.Get(running)! with { DesiredState = TaskState.Remove }));
        await world.ReportAsync(running, TaskState.Shutdown);

        await world.UntilAsync(() => world.Tasks(service).Count == 0, "the removed task deleted");
    }
}
