using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Objects;
using Swarm.Manager.Allocation;
using Swarm.Manager.Orchestration;
using Swarm.Manager.Scheduling;
using Swarm.Store;
using Swarm.Testing;
using Swarm.Testing.Raft;

namespace Swarm.Manager.Tests;

/// <summary>The control loops on a real 3-manager Raft cluster (TLS, write-ahead log): they run on the leader only.</summary>
public sealed class LeaderFailoverTests
{
    [Fact]
    public async Task LeaderStops_LoopsResumeOnNewLeader_NoDuplicateOrLostTasks()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var runners = cluster.Nodes.ToDictionary(n => n, n => new Runner(n));
        try
        {
            var leader = await cluster.LeaderAsync();
            var serviceId = Ids.New();
            await leader.Store.UpdateAsync(tx =>
            {
                tx.Nodes.Create(ReadyNode("worker-1"));
                tx.Nodes.Create(ReadyNode("worker-2"));
                tx.Services.Create(Replicated(serviceId, replicas: 4));
            });
            await AssignedSlotsAsync(leader.Store, serviceId, 4);

            await runners[leader].StopAsync();
            await leader.StopAsync();
            var next = await cluster.LeaderAsync(excluding: leader);
            await next.Store.UpdateAsync(tx =>
            {
                var service = tx.Services.Get(serviceId)!;
                tx.Services.Update(service with { Spec = service.Spec with { Mode = new ServiceMode { Replicated = new ReplicatedMode { Replicas = 6 } } } });
            });

            await AssignedSlotsAsync(next.Store, serviceId, 6);
            foreach (var node in cluster.Running)
            {
                await node.Store.ReadBarrierAsync();
                var live = LiveTasks(node.Store, serviceId);
                Assert.Equal(6, live.Count);
                Assert.Equal(new ulong[] { 1, 2, 3, 4, 5, 6 }, live.Select(t => t.Slot).Order());
            }
        }
        finally
        {
            foreach (var runner in runners.Values)
                await runner.StopAsync();
        }
    }

    private static async Task AssignedSlotsAsync(MemoryStore store, string serviceId, int count)
        => await Eventually.TrueAsync(
            () => LiveTasks(store, serviceId) is var live && live.Count == count && live.All(t => t.Status.State == TaskState.Assigned)
                && live.Select(t => t.Slot).Distinct().Count() == count,
            TestCluster.Patience, $"{count} assigned tasks in distinct slots");

    private static List<SwarmTask> LiveTasks(MemoryStore store, string serviceId)
        => store.Snapshot().Tasks.All().Where(t => t.ServiceId == serviceId && t.DesiredState <= TaskState.Running).ToList();

    private static Node ReadyNode(string id) => new()
    {
        Id = id,
        Status = new NodeStatus { State = NodeState.Ready },
        Description = new NodeDescription { Hostname = id },
    };

    private static Service Replicated(string id, ulong replicas) => new()
    {
        Id = id,
        SpecVersion = 1,
        Spec = new ServiceSpec { Name = "web", Mode = new ServiceMode { Replicated = new ReplicatedMode { Replicas = replicas } } },
    };

    /// <summary>One manager's LeaderLoops with the real loops over its own store and leadership.</summary>
    private sealed class Runner
    {
        private readonly CancellationTokenSource stopping = new();
        private readonly Task run;

        public Runner(TestNode node)
        {
            var time = TimeProvider.System;
            var loops = ManagerLoops.Create(node.Store, time, NullLoggerFactory.Instance);
            run = new LeaderLoops(node.Raft, node.Store, loops, time, NullLogger<LeaderLoops>.Instance).RunAsync(stopping.Token);
        }

        public async Task StopAsync()
        {
            await stopping.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
