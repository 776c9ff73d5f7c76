using Google.Protobuf;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Manager.Security;
using Swarm.Store.Transactions;
using Kind = Swarm.Api.Dispatch.AssignmentChange.Types.Kind;

namespace Swarm.Manager.Dispatching;

/// <summary>
/// Everything one node must hold, as encoded payloads: its tasks (from ASSIGNED until they stopped and the manager
/// no longer wants them running), and the secrets, configs, networks and network peers that its live tasks use.
/// Secrets go only to nodes that run a task referencing them. Built from a snapshot; <see cref="Diff"/> gives what
/// to send. A task whose only change is its status (the agent's own report) is not sent again.
/// </summary>
internal sealed class AssignmentSet
{
    private readonly Dictionary<(Kind Kind, string Id), Entry> entries;

    private AssignmentSet(Dictionary<(Kind, string), Entry> entries) => this.entries = entries;

    public static AssignmentSet Empty { get; } = new([]);

    public int Count => entries.Count;

    /// <summary>The node's set at <paramref name="snapshot"/>; unchanged objects reuse <paramref name="previous"/>'s encoding.</summary>
    /// <remarks>Secrets are opened here, for the node that needs them: the store keeps them sealed.</remarks>
    public static AssignmentSet Build(ReadTransaction snapshot, string nodeId, ISecretProtector protector, AssignmentSet? previous = null)
    {
        var old = previous?.entries ?? [];
        var result = new Dictionary<(Kind, string), Entry>();
        var live = new List<SwarmTask>();
        foreach (var task in snapshot.Tasks.ByNode(nodeId))
        {
            if (!IsAssigned(task))
                continue;
            result[(Kind.Task, task.Id)] = Reuse(old, Kind.Task, task.Id, task.Meta.Version) ?? EncodeTask(task);
            if (task.DesiredState <= TaskState.Running)
                live.Add(task);
        }
        foreach (var reference in live.SelectMany(t => t.Spec.ContainerSpec.Secrets).DistinctBy(r => r.ObjectId))
        {
            if (snapshot.Secrets.Get(reference.ObjectId) is { } secret)
                result[(Kind.Secret, secret.Id)] = Reuse(old, Kind.Secret, secret.Id, secret.Meta.Version) ?? Encode(secret.Meta.Version, protector.Open(secret));
        }
        foreach (var reference in live.SelectMany(t => t.Spec.ContainerSpec.Configs).DistinctBy(r => r.ObjectId))
        {
            if (snapshot.Configs.Get(reference.ObjectId) is { } config)
                result[(Kind.Config, config.Id)] = Reuse(old, Kind.Config, config.Id, config.Meta.Version) ?? Encode(config.Meta.Version, config);
        }
        var networkIds = live.SelectMany(t => t.Networks).Select(a => a.NetworkId).ToHashSet(StringComparer.Ordinal);
        foreach (var id in networkIds)
        {
            if (snapshot.Networks.Get(id) is { } network)
                result[(Kind.Network, id)] = Reuse(old, Kind.Network, id, network.Meta.Version) ?? Encode(network.Meta.Version, network);
        }
        if (networkIds.Count > 0)
            AddPeers(snapshot, nodeId, networkIds, result);
        return new AssignmentSet(result) { NetworkIds = networkIds };
    }

    /// <summary>
    /// True when the event can change the set of node <paramref name="nodeId"/> that uses <paramref name="networks"/>
    /// (the filter of its watch; it runs under the store's apply lock, so it stays cheap). Another node's task matters
    /// only when it joins or leaves one of those networks' peers: a status report elsewhere wakes nobody.
    /// </summary>
    public static bool Concerns(Swarm.Store.Watch.StoreEvent e, string nodeId, IReadOnlySet<string> networks) => e.ObjectKind switch
    {
        ObjectKind.Task => (e.Object as SwarmTask)?.NodeId == nodeId
            || (e.Previous as SwarmTask)?.NodeId == nodeId
            || networks.Count > 0 && PeerOf(e.Previous as SwarmTask, networks) != PeerOf(e.Object as SwarmTask, networks),
        ObjectKind.Secret or ObjectKind.Config or ObjectKind.Network => true,
        // A peer's address is its node's.
        ObjectKind.Node => networks.Count > 0,
        _ => false,
    };

    /// <summary>The networks this set's live tasks use.</summary>
    public IReadOnlySet<string> NetworkIds { get; private init; } = new HashSet<string>();

    /// <summary>The whole set, as a COMPLETE message's changes.</summary>
    public IReadOnlyList<AssignmentChange> All() => Order(entries.Select(kv => Update(kv.Key, kv.Value)));

    /// <summary>What turns <paramref name="sent"/> into this set: updates and removals, dependencies first.</summary>
    public IReadOnlyList<AssignmentChange> Diff(AssignmentSet sent)
    {
        var changes = new List<AssignmentChange>();
        foreach (var (key, entry) in entries)
        {
            if (!sent.entries.TryGetValue(key, out var before) || !before.SameAs(entry))
                changes.Add(Update(key, entry));
        }
        foreach (var key in sent.entries.Keys.Where(k => !entries.ContainsKey(k)))
            changes.Add(new AssignmentChange { Action = AssignmentChange.Types.Action.Remove, Kind = key.Kind, Id = key.Id });
        return Order(changes);
    }

    /// <summary>On the node from ASSIGNED until it stopped and the managers want it stopped too.</summary>
    internal static bool IsAssigned(SwarmTask task)
        => task.Status.State >= TaskState.Assigned
            && !(task.Status.State > TaskState.Running && task.DesiredState > TaskState.Running);

    /// <summary>What a task contributes to peers of <paramref name="networks"/>: its node while it should run there.</summary>
    private static string? PeerOf(SwarmTask? task, IReadOnlySet<string> networks)
        => task is { NodeId.Length: > 0, DesiredState: <= TaskState.Running } && task.Networks.Any(a => networks.Contains(a.NetworkId))
            ? task.NodeId + "|" + string.Join(",", task.Networks.Select(a => a.NetworkId).Where(networks.Contains))
            : null;

    private static void AddPeers(ReadTransaction snapshot, string nodeId, HashSet<string> networkIds, Dictionary<(Kind, string), Entry> result)
    {
        var peers = networkIds.ToDictionary(id => id, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var task in snapshot.Tasks.All())
        {
            if (task.NodeId.Length == 0 || task.NodeId == nodeId || task.DesiredState > TaskState.Running)
                continue;
            foreach (var attachment in task.Networks)
            {
                if (peers.TryGetValue(attachment.NetworkId, out var nodes))
                    nodes.Add(task.NodeId);
            }
        }
        foreach (var (networkId, nodes) in peers)
        {
            var message = new NetworkPeers { NetworkId = networkId };
            message.Peers.AddRange(nodes.Select(id => new NetworkPeer { NodeId = id, Addr = snapshot.Nodes.Get(id)?.Status.Addr ?? "" }));
            var payload = message.ToByteString();
            result[(Kind.NetworkPeers, networkId)] = new Entry(0, payload, payload);
        }
    }

    private static Entry? Reuse(Dictionary<(Kind, string), Entry> old, Kind kind, string id, ulong version)
        => old.TryGetValue((kind, id), out var entry) && entry.Version == version ? entry : null;

    private static Entry EncodeTask(SwarmTask task)
    {
        var payload = DispatchPayload.Encode(task);
        // What the agent acts on: everything but the status it reported itself and the store's bookkeeping.
        var stable = DispatchPayload.Encode(task with { Meta = new Meta(), Status = new SwarmTaskStatus() });
        return new Entry(task.Meta.Version, payload, stable);
    }

    private static Entry Encode<T>(ulong version, T value)
    {
        var payload = DispatchPayload.Encode(value);
        return new Entry(version, payload, payload);
    }

    private static AssignmentChange Update((Kind Kind, string Id) key, Entry entry) => new()
    {
        Action = AssignmentChange.Types.Action.Update, Kind = key.Kind, Id = key.Id, Payload = entry.Payload,
    };

    /// <summary>Updates of what tasks use, then tasks, then task removals, then removals of what they used.</summary>
    private static List<AssignmentChange> Order(IEnumerable<AssignmentChange> changes) => changes
        .OrderBy(c => (c.Action, c.Kind) switch
        {
            (AssignmentChange.Types.Action.Update, not Kind.Task) => 0,
            (AssignmentChange.Types.Action.Update, Kind.Task) => 1,
            (AssignmentChange.Types.Action.Remove, Kind.Task) => 2,
            _ => 3,
        })
        .ThenBy(c => c.Id, StringComparer.Ordinal)
        .ThenBy(c => c.Kind)
        .ToList();

    private sealed record Entry(ulong Version, ByteString Payload, ByteString Fingerprint)
    {
        public bool SameAs(Entry other) => Fingerprint.Equals(other.Fingerprint);
    }
}
