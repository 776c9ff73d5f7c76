using Swarm.Api.Objects;
using Swarm.Store;
using Swarm.Testing;
using Swarm.Testing.ControlPlane;

namespace Swarm.Manager.Tests.ControlPlane;

/// <summary>
/// 3 managers (Raft + loops + dispatcher over gRPC/mTLS) and 5 agents with fake executors, all in this process:
/// what a user sees of services as nodes come, go and drain, and as the leader dies.
/// </summary>
public sealed class ControlPlaneTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = ControlPlaneCluster.Patience;

    [Fact]
    public async Task ReplicatedService_CreateScaleRemove_AgentsRunExactlyTheLiveTasks()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 5, Heartbeat);
        var service = Services.Replicated("web", 6);
        var store = await cluster.StoreAsync();

        await store.UpdateAsync(tx => tx.Services.Create(service));
        await ConvergedAsync(cluster, service.Id, 6);
        Assert.True(cluster.Workers.Count(w => w.RunningTaskIds.Count > 0) >= 3, "replicas spread over the workers");

        await store.ScaleAsync(service.Id, 2);
        await ConvergedAsync(cluster, service.Id, 2);

        await store.UpdateAsync(tx => tx.Services.Delete(service.Id));
        await Eventually.TrueAsync(() => cluster.RunningContainers.Count == 0, Patience, "every container stopped");
    }

    [Fact]
    public async Task GlobalService_FollowsNodeJoinAndDrain()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 5, Heartbeat);
        var service = Services.Global("agent");
        var store = await cluster.StoreAsync();
        await store.UpdateAsync(tx => tx.Services.Create(service));
        await ConvergedAsync(cluster, service.Id, 5);
        Assert.All(cluster.Workers, w => Assert.Single(w.RunningTaskIds));

        await store.UpdateAsync(tx =>
        {
            var node = tx.Nodes.Get("worker-1")!;
            tx.Nodes.Update(node with { Spec = node.Spec with { Availability = NodeAvailability.Drain } });
        });
        await ConvergedAsync(cluster, service.Id, 4);
        Assert.Empty(cluster.Worker("worker-1").RunningTaskIds);

        var joined = cluster.AddWorker("worker-6");
        await ConvergedAsync(cluster, service.Id, 5);
        Assert.Single(joined.RunningTaskIds);
    }

    [Fact]
    public async Task NodeLost_ItsTasksReplacedOnOtherNodes()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 5, Heartbeat);
        var service = Services.Replicated("web", 5);
        var store = await cluster.StoreAsync();
        await store.UpdateAsync(tx => tx.Services.Create(service));
        await ConvergedAsync(cluster, service.Id, 5);
        var lost = cluster.Workers.First(w => w.RunningTaskIds.Count > 0);

        await lost.StopAsync();

        await Eventually.TrueAsync(
            () => store.Snapshot().Nodes.Get(lost.NodeId)?.Status.State == NodeState.Down, Patience, "the lost node DOWN");
        await ConvergedAsync(cluster, service.Id, 5, ignoring: lost);
        Assert.DoesNotContain(store.LiveTasks(service.Id), t => t.NodeId == lost.NodeId);
    }

    [Fact]
    public async Task NodeDrained_ReplicatedTasksStoppedThereAndRunElsewhere()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 5, Heartbeat);
        var service = Services.Replicated("web", 5);
        var store = await cluster.StoreAsync();
        await store.UpdateAsync(tx => tx.Services.Create(service));
        await ConvergedAsync(cluster, service.Id, 5);
        var drained = cluster.Workers.First(w => w.RunningTaskIds.Count > 0);

        await store.UpdateAsync(tx =>
        {
            var node = tx.Nodes.Get(drained.NodeId)!;
            tx.Nodes.Update(node with { Spec = node.Spec with { Availability = NodeAvailability.Drain } });
        });

        await Eventually.TrueAsync(() => drained.RunningTaskIds.Count == 0, Patience, "the drained node's containers stopped");
        await ConvergedAsync(cluster, service.Id, 5);
        Assert.DoesNotContain(store.LiveTasks(service.Id), t => t.NodeId == drained.NodeId);
        Assert.Equal(NodeState.Ready, store.Snapshot().Nodes.Get(drained.NodeId)!.Status.State);
    }

    [Fact]
    public async Task LeaderKilled_LoopsAndDispatcherResumeOnNewLeader_NoDuplicateOrLostTasks()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 5, Heartbeat);
        var service = Services.Replicated("web", 5);
        var store = await cluster.StoreAsync();
        await store.UpdateAsync(tx => tx.Services.Create(service));
        await ConvergedAsync(cluster, service.Id, 5);
        var before = store.LiveTasks(service.Id).Select(t => t.Id).ToHashSet();

        await cluster.KillAsync(await cluster.LeaderAsync());
        var next = await cluster.StoreAsync();
        await next.ScaleAsync(service.Id, 8);

        await ConvergedAsync(cluster, service.Id, 8);
        var live = next.LiveTasks(service.Id);
        Assert.Equal(new ulong[] { 1, 2, 3, 4, 5, 6, 7, 8 }, live.Select(t => t.Slot).Order());
        Assert.Subset(live.Select(t => t.Id).ToHashSet(), before);
        await Eventually.TrueAsync(() => cluster.ReadyWorkers(next) == 5, Patience, "every worker registered with the new leader");
    }

    /// <summary>
    /// Waits until the service has <paramref name="count"/> live tasks in the store, each RUNNING there, and the fake
    /// executors run exactly those tasks (no extra container, none missing).
    /// </summary>
    internal static async Task ConvergedAsync(ControlPlaneCluster cluster, string serviceId, int count, FakeWorker? ignoring = null)
    {
        string state = "";
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                var store = await cluster.StoreAsync();
                var live = store.LiveTasks(serviceId);
                var all = store.Snapshot().Tasks.All().Where(t => t.ServiceId == serviceId).Select(t => t.Id).ToHashSet();
                var running = cluster.Workers.Where(w => w != ignoring).SelectMany(w => w.RunningTaskIds).Where(all.Contains).ToList();
                state = $"{live.Count} live ({live.Count(t => t.Status.State == TaskState.Running)} running), containers {running.Count}";
                return live.Count == count
                    && live.All(t => t.Status.State == TaskState.Running)
                    && running.Count == count
                    && running.ToHashSet().SetEquals(live.Select(t => t.Id));
            }, Patience, $"{count} running tasks");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last seen: {state}", e);
        }
    }
}
