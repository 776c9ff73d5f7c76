using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Swarm.Api.Objects;
using Swarm.Manager.ControlApi.Forwarding;
using Swarm.Manager.Dispatching;
using Swarm.Manager;
using Swarm.Manager.Security;
using Swarm.Store;
using Swarm.Testing;
using Swarm.Testing.Raft;
using Swarm.Testing.Security;

namespace Swarm.Testing.ControlPlane;

/// <summary>
/// A whole control plane in this process: managers that are each a real Raft node + store + leader loops +
/// dispatcher on Kestrel (loopback, mutual TLS) + Engine API on a unix socket (forwarding writes to the leader),
/// and workers that are the real agent over a fake executor, given every manager's address. Managers are in the
/// store as drained manager nodes (they run no agent), so the dispatcher can name the leader to agents that reach
/// a follower.
/// </summary>
public sealed class ControlPlaneCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ManagerRaft raft;
    private readonly ThrowawayCa ca = new("swarm-dispatch-ca");
    private readonly TempDirectory directory = new("swarm-cp-");
    // Every manager seals secrets with the swarm's one data key, as the daemon's managers do.
    private readonly AesGcmSecretProtector secrets = new(AesGcmSecretProtector.NewKey());
    private readonly Dictionary<TestNode, DispatcherHost> managers = [];
    private readonly Dictionary<TestNode, ManagerControlApi> controlApis = [];

    private ControlPlaneCluster(ManagerRaft raft) => this.raft = raft;

    public List<FakeWorker> Workers { get; } = [];

    public IReadOnlyList<string> ManagerAddresses => managers.Values.Select(m => m.Address).ToList();

    public static async Task<ControlPlaneCluster> StartAsync(
        int managerCount, int workerCount, TimeSpan heartbeatPeriod, Func<IServiceProvider, IEnumerable<ILeaderLoop>>? loops = null)
    {
        var cluster = new ControlPlaneCluster(await ManagerRaft.StartAsync(managerCount, Patience));
        try
        {
            foreach (var node in cluster.raft.Nodes)
            {
                var socket = cluster.directory.Sub($"{ManagerId(node)}.sock");
                cluster.managers[node] = await DispatcherHost.StartAsync(
                    node.Store, node.Raft, cluster.ca, ManagerId(node), new DispatcherOptions(), loops ?? AllLoops,
                    LocalControlApi.OverUnixSocket(socket), cluster.secrets);
                cluster.controlApis[node] = await ManagerControlApi.StartAsync(node.Store, node.Raft, cluster.ca, ManagerId(node), socket, cluster.secrets);
            }
            await cluster.SeedAsync(heartbeatPeriod);
            var leader = await cluster.raft.LeaderAsync(Patience);
            for (var i = 1; i <= workerCount; i++)
                cluster.AddWorker($"worker-{i}");
            await Eventually.TrueAsync(
                () => cluster.ReadyWorkers(leader.Store) == workerCount, Patience, $"{workerCount} workers ready");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The cluster object and the managers' nodes, written once through whichever manager leads: on a busy machine
    /// the first leader can lose its term before the write.
    /// </summary>
    private Task SeedAsync(TimeSpan heartbeatPeriod) => Eventually.TrueAsync(async () =>
    {
        var leader = await raft.LeaderAsync(Patience);
        try
        {
            await leader.Store.ReadBarrierAsync();
            if (leader.Store.Snapshot().Clusters.Count > 0)
                return true;
            await leader.Store.UpdateAsync(tx =>
            {
                tx.Clusters.Create(new Swarm.Api.Objects.Cluster
                {
                    Id = Ids.New(),
                    Spec = new ClusterSpec { Dispatcher = new DispatcherConfig { HeartbeatPeriod = heartbeatPeriod } },
                });
                foreach (var (node, host) in managers)
                    tx.Nodes.Create(ManagerNode(node, host));
            });
            return true;
        }
        catch (Swarm.Api.Errors.NotLeaderException)
        {
            return false;
        }
    }, Patience, "the cluster object and manager nodes written");

    public FakeWorker AddWorker(string nodeId)
    {
        var worker = new FakeWorker(nodeId, ca, ManagerAddresses, directory);
        Workers.Add(worker);
        return worker;
    }

    public FakeWorker Worker(string nodeId) => Workers.Single(w => w.NodeId == nodeId);

    public Task<TestNode> LeaderAsync() => raft.LeaderAsync(Patience);

    /// <summary>The managers still running.</summary>
    public IReadOnlyList<TestNode> Managers => managers.Keys.ToList();

    /// <summary>A running manager's services (its dispatcher host's container), e.g. to reach its log broker.</summary>
    public IServiceProvider ManagerServices(TestNode manager) => managers[manager].Services;

    /// <summary>The running manager that leads right now, if any.</summary>
    public TestNode? CurrentLeader => raft.Running.FirstOrDefault(n => n.Raft.IsLeader);

    /// <summary>The Engine API of a running manager (unix socket, forwarding writes to the leader).</summary>
    public ManagerControlApi ControlApi(TestNode manager) => controlApis[manager];

    /// <summary>host:port of a running manager's dispatcher (gRPC, mutual TLS).</summary>
    public string DispatcherAddress(TestNode manager) => managers[manager].Address;

    /// <summary>A node certificate from the cluster's CA, for raw gRPC callers; the caller disposes it.</summary>
    public X509Certificate2 IssueCertificate(string nodeId, string role) => ca.Issue(nodeId, role);

    public X509Certificate2 RootCa => ca.Certificate;

    /// <summary>The running managers that do not lead right now.</summary>
    public IReadOnlyList<TestNode> Followers => raft.Running.Where(n => !n.Raft.IsLeader).ToList();

    /// <summary>The leader's store, read after a barrier so it holds everything committed so far.</summary>
    public async Task<MemoryStore> StoreAsync()
    {
        var leader = await raft.LeaderAsync(Patience);
        await leader.Store.ReadBarrierAsync();
        return leader.Store;
    }

    /// <summary>Stops a manager: its dispatcher, its loops and its Raft node, like the process dying.</summary>
    public async Task KillAsync(TestNode manager)
    {
        if (controlApis.Remove(manager, out var api))
            await api.DisposeAsync();
        if (managers.Remove(manager, out var host))
            await host.DisposeAsync();
        await manager.StopAsync();
    }

    public int ReadyWorkers(MemoryStore store)
        => store.Snapshot().Nodes.All().Count(n => n.Role == NodeRole.Worker && n.Status.State == NodeState.Ready);

    /// <summary>Every task id some fake executor runs, one entry per running container.</summary>
    public IReadOnlyList<string> RunningContainers => Workers.SelectMany(w => w.RunningTaskIds).ToList();

    /// <summary>Every leader loop a manager runs (the dispatcher adds its heartbeat watchdog).</summary>
    private static IEnumerable<ILeaderLoop> AllLoops(IServiceProvider services) => ManagerLoops.Create(
        services.GetRequiredService<MemoryStore>(),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILoggerFactory>());

    private static string ManagerId(TestNode node) => $"manager-{node.Address.Port}";

    private static Node ManagerNode(TestNode node, DispatcherHost host) => new()
    {
        Id = ManagerId(node),
        Role = NodeRole.Manager,
        Spec = new NodeSpec { DesiredRole = NodeRole.Manager, Availability = NodeAvailability.Drain },
        ManagerStatus = new ManagerStatus { Addr = host.Address, RaftAddr = node.Address.ToString() },
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in Workers)
            await worker.DisposeAsync();
        foreach (var api in controlApis.Values)
            await api.DisposeAsync();
        foreach (var host in managers.Values)
            await host.DisposeAsync();
        await raft.DisposeAsync();
        ca.Dispose();
        directory.Dispose();
    }
}
