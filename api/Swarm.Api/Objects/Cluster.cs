using MessagePack;

namespace Swarm.Api.Objects;

/// <summary>The one cluster-wide object: its settings (spec), join tokens and root CA.</summary>
[MessagePackObject]
public sealed record Cluster : ISwarmObject
{
    public const string DefaultName = "default";

    [Key(0)] public string Id { get; init; } = "";
    [Key(1)] public Meta Meta { get; init; } = new();
    [Key(2)] public ClusterSpec Spec { get; init; } = new();
    [Key(3)] public JoinTokens JoinTokens { get; init; } = new();
    /// <summary>PEM of the root CA certificate; the key never enters the store unencrypted.</summary>
    [Key(4)] public string RootCaCertificate { get; init; } = "";
    [Key(5)] public IReadOnlyList<string> DefaultAddressPool { get; init; } = ["10.0.0.0/8"];
    [Key(6)] public int SubnetSize { get; init; } = 24;
    [Key(7)] public int DataPathPort { get; init; } = 4789;
    /// <summary>
    /// Nodes removed from the swarm (`node rm`), with when their last certificate expires: until then they are
    /// refused by the dispatcher and the CA even though their certificate is valid (SwarmKit's blacklist).
    /// </summary>
    [Key(8)] public IReadOnlyDictionary<string, DateTimeOffset> RemovedNodes { get; init; } = new Dictionary<string, DateTimeOffset>();

    [IgnoreMember] public string? UniqueName => Spec.Name;

    public ISwarmObject WithMeta(Meta meta) => this with { Meta = meta };
}

[MessagePackObject]
public sealed record ClusterSpec
{
    [Key(0)] public string Name { get; init; } = Cluster.DefaultName;
    [Key(1)] public IReadOnlyDictionary<string, string> Labels { get; init; } = Empty.Labels;
    [Key(2)] public OrchestrationConfig Orchestration { get; init; } = new();
    [Key(3)] public RaftConfig Raft { get; init; } = new();
    [Key(4)] public DispatcherConfig Dispatcher { get; init; } = new();
    [Key(5)] public CaConfig CaConfig { get; init; } = new();
    [Key(6)] public bool AutoLockManagers { get; init; }
}

[MessagePackObject]
public sealed record OrchestrationConfig
{
    [Key(0)] public long TaskHistoryRetentionLimit { get; init; } = 5;
}

[MessagePackObject]
public sealed record RaftConfig
{
    [Key(0)] public ulong SnapshotInterval { get; init; } = 10_000;
    [Key(1)] public ulong KeepOldSnapshots { get; init; }
    [Key(2)] public ulong LogEntriesForSlowFollowers { get; init; } = 500;
    [Key(3)] public int ElectionTick { get; init; } = 10;
    [Key(4)] public int HeartbeatTick { get; init; } = 1;
}

[MessagePackObject]
public sealed record DispatcherConfig
{
    [Key(0)] public TimeSpan HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(5);
}

[MessagePackObject]
public sealed record CaConfig
{
    [Key(0)] public TimeSpan NodeCertExpiry { get; init; } = TimeSpan.FromDays(90);
}

[MessagePackObject]
public sealed record JoinTokens
{
    [Key(0)] public string Worker { get; init; } = "";
    [Key(1)] public string Manager { get; init; } = "";
}
