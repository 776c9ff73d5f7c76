using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Manager.Dispatching;
using Swarm.Store;
using Swarm.Testing;
using Swarm.Testing.ControlPlane;
using Swarm.Testing.Leadership;
using Swarm.Testing.Security;

namespace Swarm.Manager.Tests.Dispatching;

/// <summary>A leading dispatcher over an in-memory store, and raw clients for nodes with certificates of its CA.</summary>
internal sealed class DispatcherWorld : IAsyncDisposable
{
    private readonly List<NodeChannel> channels = [];

    private DispatcherWorld(ThrowawayCa ca, MemoryStore store, FakeLeadership leadership, DispatcherHost host)
    {
        Ca = ca;
        Store = store;
        Leadership = leadership;
        Host = host;
    }

    public ThrowawayCa Ca { get; }
    public MemoryStore Store { get; }
    public FakeLeadership Leadership { get; }
    public DispatcherHost Host { get; }

    public static async Task<DispatcherWorld> StartAsync(TimeSpan? heartbeatPeriod = null)
    {
        var ca = new ThrowawayCa();
        var store = new MemoryStore();
        await store.UpdateAsync(tx => tx.Clusters.Create(new Cluster
        {
            Id = Ids.New(),
            Spec = new ClusterSpec { Dispatcher = new DispatcherConfig { HeartbeatPeriod = heartbeatPeriod ?? TimeSpan.FromSeconds(5) } },
        }));
        var leadership = new FakeLeadership();
        leadership.Elect();
        var host = await DispatcherHost.StartAsync(store, leadership, ca, "manager-1");
        var world = new DispatcherWorld(ca, store, leadership, host);
        // The dispatcher serves once the watchdog has started the term.
        var sessions = (SessionRegistry)host.Services.GetService(typeof(SessionRegistry))!;
        await Eventually.TrueAsync(() => sessions.IsActive, StreamReading.Patience, "the dispatcher's term to start");
        return world;
    }

    public NodeChannel Connect(string nodeId, string role = DispatchProtocol.WorkerRole, ThrowawayCa? issuer = null)
    {
        var channel = new NodeChannel(Host.Address, (issuer ?? Ca).Issue(nodeId, role), Ca.Certificate);
        channels.Add(channel);
        return channel;
    }

    public Node? Node(string id) => Store.Snapshot().Nodes.Get(id);

    public SwarmTask? Task(string id) => Store.Snapshot().Tasks.Get(id);

    /// <summary>Puts a task straight into the store as the scheduler leaves it: ASSIGNED to <paramref name="nodeId"/>.</summary>
    public async Task<SwarmTask> AssignAsync(string nodeId, IReadOnlyList<FileReference>? secrets = null)
    {
        var task = new SwarmTask
        {
            Id = Ids.New(),
            ServiceId = "svc",
            Slot = 1,
            NodeId = nodeId,
            DesiredState = TaskState.Running,
            Status = new SwarmTaskStatus { State = TaskState.Assigned },
            Spec = new TaskSpec { ContainerSpec = new ContainerSpec { Image = "busybox", Secrets = secrets ?? [] } },
        };
        await Store.UpdateAsync(tx => tx.Tasks.Create(task));
        return task;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
            channel.Dispose();
        await Host.DisposeAsync();
        Leadership.Depose();
        Ca.Dispose();
    }
}
