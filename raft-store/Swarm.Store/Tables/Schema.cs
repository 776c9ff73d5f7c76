using Swarm.Api.Objects;

namespace Swarm.Store.Tables;

/// <summary>The tables of the store and their secondary indexes. Index names are part of the read API.</summary>
public static class Schema
{
    public const string TasksByService = "service";
    public const string TasksByNode = "node";
    public const string TasksBySlot = "slot";
    public const string TasksByDesiredState = "desired-state";
    public const string NodesByRole = "role";

    public static readonly IReadOnlyList<ObjectKind> Kinds = Enum.GetValues<ObjectKind>();

    // Built once: every put and lookup reads them, so they must not be rebuilt per call.
    private static readonly IReadOnlyList<IndexDefinition>[] Indexes = Kinds.Select(DefineIndexes).ToArray();

    public static IReadOnlyList<IndexDefinition> IndexesOf(ObjectKind kind) => Indexes[(int)kind];

    private static IReadOnlyList<IndexDefinition> DefineIndexes(ObjectKind kind) => kind switch
    {
        ObjectKind.Task =>
        [
            new(TasksByService, o => ((SwarmTask)o).ServiceId),
            new(TasksByNode, o => ((SwarmTask)o).NodeId is { Length: > 0 } n ? n : null),
            new(TasksBySlot, o => SlotKey(((SwarmTask)o).ServiceId, ((SwarmTask)o).Slot)),
            new(TasksByDesiredState, o => ((int)((SwarmTask)o).DesiredState).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ],
        ObjectKind.Node => [new(NodesByRole, o => ((Node)o).Role.ToString())],
        _ => [],
    };

    public static string SlotKey(string serviceId, ulong slot) => $"{serviceId}/{slot}";

    public static ObjectKind KindOf(ISwarmObject obj) => obj switch
    {
        Cluster => ObjectKind.Cluster,
        Node => ObjectKind.Node,
        Service => ObjectKind.Service,
        SwarmTask => ObjectKind.Task,
        Network => ObjectKind.Network,
        Secret => ObjectKind.Secret,
        Config => ObjectKind.Config,
        _ => throw new ArgumentException($"not a store object: {obj.GetType().Name}", nameof(obj)),
    };

    public static ObjectKind KindOf<T>() where T : class, ISwarmObject => typeof(T).Name switch
    {
        nameof(Cluster) => ObjectKind.Cluster,
        nameof(Node) => ObjectKind.Node,
        nameof(Service) => ObjectKind.Service,
        nameof(SwarmTask) => ObjectKind.Task,
        nameof(Network) => ObjectKind.Network,
        nameof(Secret) => ObjectKind.Secret,
        nameof(Config) => ObjectKind.Config,
        _ => throw new ArgumentException($"not a store object: {typeof(T).Name}"),
    };

    /// <summary>The word used for the kind in error messages, as Docker says it.</summary>
    public static string Noun(ObjectKind kind) => kind switch
    {
        ObjectKind.Task => "task",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
