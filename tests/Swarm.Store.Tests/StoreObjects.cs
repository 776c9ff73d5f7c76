using MessagePack;
using Swarm.Api.Objects;
using Swarm.Store.Codec;
using Swarm.Store.Transactions;

namespace Swarm.Store.Tests;

// Swarm.Store.NodeHost (the node process, referenced through Swarm.Testing) would otherwise shadow the object type.

/// <summary>Minimal valid objects for store tests; each call makes a new id.</summary>
internal static class StoreObjects
{
    public static Service Service(string name = "web") => new() { Id = Ids.New(), Spec = new ServiceSpec { Name = name } };

    public static Network Network(string name = "backend") => new() { Id = Ids.New(), Spec = new NetworkSpec { Name = name } };

    public static Secret Secret(string name = "db-password", int size = 16)
        => new() { Id = Ids.New(), Spec = new SecretSpec { Name = name, Data = new byte[size] } };

    public static Config Config(string name = "nginx.conf", int size = 16)
        => new() { Id = Ids.New(), Spec = new ConfigSpec { Name = name, Data = new byte[size] } };

    public static Cluster Cluster(string name = Api.Objects.Cluster.DefaultName)
        => new() { Id = Ids.New(), Spec = new ClusterSpec { Name = name } };

    public static Node Node(NodeRole role = NodeRole.Worker, string? name = null)
        => new() { Id = Ids.New(), Role = role, Spec = new NodeSpec { Name = name, DesiredRole = role } };

    public static SwarmTask TaskOf(string serviceId, ulong slot = 1, string nodeId = "", TaskState desired = TaskState.Running)
        => new() { Id = Ids.New(), ServiceId = serviceId, Slot = slot, NodeId = nodeId, DesiredState = desired };

    /// <summary>
    /// The object as the store encodes it. Records holding lists or dictionaries compare those by reference, so two
    /// replicas' copies of one object are equal only in this form.
    /// </summary>
    public static byte[] Encoded(ISwarmObject obj) => MessagePackSerializer.Serialize(obj, StoreCodec.Options);

    /// <summary>Creates the objects in one transaction and returns them as stored.</summary>
    public static async Task<T[]> CreateAsync<T>(this MemoryStore store, params T[] objects) where T : class, ISwarmObject
    {
        await store.UpdateAsync(tx =>
        {
            foreach (var obj in objects)
                TableOf<T>(tx).Create(obj);
        });
        var read = store.Snapshot();
        return [.. objects.Select(o => TableOf<T>(read).Get(o.Id)!)];
    }

    public static ReadTable<T> TableOf<T>(ReadTransaction tx) where T : class, ISwarmObject
        => (ReadTable<T>)(object)(typeof(T).Name switch
        {
            nameof(Api.Objects.Cluster) => tx.Clusters,
            nameof(Api.Objects.Node) => tx.Nodes,
            nameof(Api.Objects.Service) => tx.Services,
            nameof(SwarmTask) => tx.Tasks,
            nameof(Api.Objects.Network) => tx.Networks,
            nameof(Api.Objects.Secret) => tx.Secrets,
            _ => tx.Configs,
        });

    public static WriteTable<T> TableOf<T>(WriteTransaction tx) where T : class, ISwarmObject
        => (WriteTable<T>)(object)(typeof(T).Name switch
        {
            nameof(Api.Objects.Cluster) => tx.Clusters,
            nameof(Api.Objects.Node) => tx.Nodes,
            nameof(Api.Objects.Service) => tx.Services,
            nameof(SwarmTask) => tx.Tasks,
            nameof(Api.Objects.Network) => tx.Networks,
            nameof(Api.Objects.Secret) => tx.Secrets,
            _ => tx.Configs,
        });

    /// <summary>Commits one object of every kind in one transaction.</summary>
    public static Task CreateOneOfEachKindAsync(this MemoryStore store) => store.UpdateAsync(tx =>
    {
        tx.Clusters.Create(Cluster());
        tx.Nodes.Create(Node());
        tx.Services.Create(Service());
        tx.Tasks.Create(TaskOf(Ids.New()));
        tx.Networks.Create(Network());
        tx.Secrets.Create(Secret());
        tx.Configs.Create(Config());
    });
}
