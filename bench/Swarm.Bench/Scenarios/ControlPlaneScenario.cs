using System.Diagnostics;
using Swarm.Api.Objects;
using Swarm.Store;
using Swarm.Store.Transactions;
using Swarm.Testing.ControlPlane;

namespace Swarm.Bench.Scenarios;

/// <summary>
/// The whole control plane in process: 3 Raft managers (loops + dispatcher over mutual-TLS gRPC) and 100 real
/// agents on fake executors, heartbeat period 1 s.
/// <list type="bullet">
/// <item><c>controlplane.create_to_assigned_ms</c>: one service of 1,000 replicas, from its create committing to
/// every task ASSIGNED to a node in the leader's store (orchestrator → allocator → scheduler).</item>
/// <item><c>controlplane.create_to_running_ms</c>: the same, until the agents reported every task RUNNING.</item>
/// <item><c>controlplane.node_loss_to_down_ms</c> and <c>controlplane.node_loss_to_replaced_ms</c>: one agent
/// stops answering; until its node is DOWN (3 missed heartbeats), and until each of its tasks has a RUNNING
/// replacement on another node. The service's restart delay is 0, so the figure is detection plus rescheduling
/// (SwarmKit: ~15 s to detect at its 5 s default period, then its 5 s default restart delay).</item>
/// </list>
/// </summary>
internal sealed class ControlPlaneScenario : IScenario
{
    private const int Managers = 3;
    private const int Agents = 100;
    private const ulong Replicas = 1_000;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public string Name => "control-plane";

    public string Description => "1,000 replicas on 100 fake agents, 3 managers: controlplane.create_to_assigned_ms, node_loss_to_replaced_ms";

    public async Task RunAsync(BenchOutput output, CancellationToken cancellationToken)
    {
        // 100 agents share this process with the managers; in a real cluster each has a machine. Start with enough
        // pool threads that a burst of blocking work (TLS handshakes, Raft I/O) does not wait on thread injection.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        output.Progress($"starting {Managers} managers and {Agents} agents");
        await using var cluster = await ControlPlaneCluster.StartAsync(Managers, Agents, Heartbeat);
        var store = await cluster.StoreAsync();
        var service = Service();

        output.Progress($"creating a service of {Replicas} replicas");
        var clock = Stopwatch.StartNew();
        await store.UpdateAsync(tx => tx.Services.Create(service), cancellationToken);
        var created = clock.Elapsed;
        using var reporting = new CancellationTokenSource();
        var reporter = ReportProgressAsync(output, cluster, store, service.Id, clock, reporting.Token);
        var exists = await WaitAsync(() => Count(store, service.Id, _ => true) >= (int)Replicas, clock, "every task created", cancellationToken);
        var pending = await WaitAsync(() => Count(store, service.Id, t => t.Status.State >= TaskState.Pending) >= (int)Replicas, clock, "every task allocated", cancellationToken);
        output.Progress($"created by {(exists - created).TotalMilliseconds:0} ms, allocated by {(pending - created).TotalMilliseconds:0} ms");
        var assigned = await WaitAsync(() => Count(store, service.Id, t => t.Status.State >= TaskState.Assigned && t.NodeId.Length > 0) >= (int)Replicas,
            clock, "every task assigned", cancellationToken);
        output.Metric("controlplane.create_to_assigned_ms", (assigned - created).TotalMilliseconds, "ms");
        var running = await WaitAsync(() => Count(store, service.Id, t => t.Status.State == TaskState.Running) >= (int)Replicas,
            clock, "every task running", cancellationToken);
        output.Metric("controlplane.create_to_running_ms", (running - created).TotalMilliseconds, "ms");
        await reporting.CancelAsync();
        await reporter;

        var victim = cluster.Workers.MaxBy(w => w.RunningTaskIds.Count)!;
        var lostSlots = Live(store, service.Id).Where(t => t.NodeId == victim.NodeId).Select(t => t.Slot).ToHashSet();
        output.Progress($"stopping {victim.NodeId} ({lostSlots.Count} tasks)");
        clock.Restart();
        await victim.StopAsync();
        var down = await WaitAsync(() => store.Snapshot().Nodes.Get(victim.NodeId)?.Status.State == NodeState.Down,
            clock, "the node DOWN", cancellationToken);
        output.Metric("controlplane.node_loss_to_down_ms", down.TotalMilliseconds, "ms");
        var replaced = await WaitAsync(() => Live(store, service.Id)
                .Count(t => lostSlots.Contains(t.Slot) && t.NodeId != victim.NodeId && t.Status.State == TaskState.Running) == lostSlots.Count,
            clock, "every lost task replaced and running", cancellationToken);
        output.Metric("controlplane.node_loss_to_replaced_ms", replaced.TotalMilliseconds, "ms");
    }

    private static Service Service() => new()
    {
        Id = Ids.New(),
        SpecVersion = 1,
        Spec = new ServiceSpec
        {
            Name = "bench",
            Mode = new ServiceMode { Replicated = new ReplicatedMode { Replicas = Replicas } },
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = new ContainerSpec { Image = "fake/app:1" },
                RestartPolicy = new RestartPolicy { Delay = TimeSpan.Zero },
            },
        },
    };

    private static int Count(MemoryStore store, string serviceId, Func<SwarmTask, bool> predicate)
        => Live(store, serviceId).Count(predicate);

    /// <summary>Every second, how many of the service's tasks are in each state (stderr).</summary>
    private static async Task ReportProgressAsync(
        BenchOutput output, ControlPlaneCluster cluster, MemoryStore store, string serviceId, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var states = Live(store, serviceId).GroupBy(t => t.Status.State).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
            var leader = cluster.CurrentLeader?.Address.ToString() ?? "none";
            var down = store.Snapshot().Nodes.All().Count(n => n.Status.State == NodeState.Down);
            var failed = store.Snapshot().Tasks.ByService(serviceId).Count(t => t.Status.State > TaskState.Running);
            output.Progress($"{clock.Elapsed.TotalMilliseconds:0} ms: leader {leader}, {down} nodes down, {failed} tasks ended; live: {string.Join(", ", states)}");
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The service's tasks the managers want running.</summary>
    private static IEnumerable<SwarmTask> Live(MemoryStore store, string serviceId)
        => store.Snapshot().Tasks.ByService(serviceId).Where(t => t.DesiredState <= TaskState.Running);

    /// <summary>Polls every few milliseconds; returns the clock's reading when the condition first held.</summary>
    private static async Task<TimeSpan> WaitAsync(Func<bool> condition, Stopwatch clock, string what, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            if (clock.Elapsed > Patience)
                throw new TimeoutException($"timed out after {Patience.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(5, cancellationToken);
        }
        return clock.Elapsed;
    }
}
