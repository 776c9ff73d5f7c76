namespace Swarm.Api.EngineApi;

/// <summary>The cluster object as <c>GET /swarm</c> shows it.</summary>
public sealed record SwarmInfo
{
    public string ID { get; init; } = "";
    public ObjectVersion Version { get; init; } = new();
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public SwarmSpec Spec { get; init; } = new();
    public TlsInfo TLSInfo { get; init; } = new();
    public bool RootRotationInProgress { get; init; }
    public uint DataPathPort { get; init; }
    public IReadOnlyList<string> DefaultAddrPool { get; init; } = [];
    public uint SubnetSize { get; init; }
    public JoinTokens JoinTokens { get; init; } = new();
}

public sealed record SwarmSpec
{
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public OrchestrationConfig? Orchestration { get; init; }
    public RaftConfig? Raft { get; init; }
    public DispatcherConfig? Dispatcher { get; init; }
    public CaConfig? CAConfig { get; init; }
    public EncryptionConfig? EncryptionConfig { get; init; }
    public TaskDefaults? TaskDefaults { get; init; }
}

public sealed record OrchestrationConfig
{
    public long? TaskHistoryRetentionLimit { get; init; }
}

public sealed record RaftConfig
{
    public ulong? SnapshotInterval { get; init; }
    public ulong? KeepOldSnapshots { get; init; }
    public ulong? LogEntriesForSlowFollowers { get; init; }
    public int? ElectionTick { get; init; }
    public int? HeartbeatTick { get; init; }
}

public sealed record DispatcherConfig
{
    /// <summary>Nanoseconds.</summary>
    public long? HeartbeatPeriod { get; init; }
}

public sealed record CaConfig
{
    /// <summary>Nanoseconds.</summary>
    public long? NodeCertExpiry { get; init; }
    public ulong ForceRotate { get; init; }
}

public sealed record EncryptionConfig
{
    public bool AutoLockManagers { get; init; }
}

public sealed record TaskDefaults
{
    public Driver? LogDriver { get; init; }
}

public sealed record TlsInfo
{
    public string? TrustRoot { get; init; }
    public string? CertIssuerSubject { get; init; }
    public string? CertIssuerPublicKey { get; init; }
}

public sealed record JoinTokens
{
    public string Worker { get; init; } = "";
    public string Manager { get; init; } = "";
}

/// <summary>The body of <c>POST /swarm/init</c>.</summary>
public sealed record SwarmInitRequest
{
    public string? ListenAddr { get; init; }
    public string? AdvertiseAddr { get; init; }
    public string? DataPathAddr { get; init; }
    public uint DataPathPort { get; init; }
    public IReadOnlyList<string>? DefaultAddrPool { get; init; }
    public bool ForceNewCluster { get; init; }
    public uint SubnetSize { get; init; }
    public SwarmSpec? Spec { get; init; }
}

/// <summary>The body of <c>POST /swarm/join</c>.</summary>
public sealed record SwarmJoinRequest
{
    public string? ListenAddr { get; init; }
    public string? AdvertiseAddr { get; init; }
    public string? DataPathAddr { get; init; }
    public IReadOnlyList<string> RemoteAddrs { get; init; } = [];
    public string JoinToken { get; init; } = "";
    public string? Availability { get; init; }
}

public sealed record UnlockKeyResponse
{
    public string UnlockKey { get; init; } = "";
}
