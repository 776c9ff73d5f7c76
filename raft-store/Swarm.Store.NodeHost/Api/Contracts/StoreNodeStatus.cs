namespace Swarm.Store.NodeHost.Api.Contracts;

/// <summary>GET /status: this node's view of the cluster. Addresses are Raft endpoints ("127.0.0.1:2378").</summary>
public sealed record StoreNodeStatus(
    string Address,
    string? Leader,
    bool IsLeader,
    long Term,
    long CommitIndex,
    long AppliedIndex,
    ulong StoreVersion,
    IReadOnlyList<string> Members,
    int SnapshotsRestored,
    int ConfigCount);
