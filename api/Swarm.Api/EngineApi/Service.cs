namespace Swarm.Api.EngineApi;

/// <summary>A service as <c>GET /services</c> shows it.</summary>
public sealed record Service
{
    public string ID { get; init; } = "";
    public ObjectVersion Version { get; init; } = new();
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public ServiceSpec Spec { get; init; } = new();
    public ServiceSpec? PreviousSpec { get; init; }
    public Endpoint? Endpoint { get; init; }
    public UpdateStatus? UpdateStatus { get; init; }
    /// <summary>Only with <c>?status=true</c>.</summary>
    public ServiceStatus? ServiceStatus { get; init; }
    public JobStatus? JobStatus { get; init; }
}

public sealed record ServiceSpec
{
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public TaskSpec? TaskTemplate { get; init; }
    public ServiceMode? Mode { get; init; }
    public UpdateConfig? UpdateConfig { get; init; }
    public UpdateConfig? RollbackConfig { get; init; }
    /// <summary>Deprecated by Docker in favour of TaskTemplate.Networks, still accepted.</summary>
    public IReadOnlyList<NetworkAttachmentConfig>? Networks { get; init; }
    public EndpointSpec? EndpointSpec { get; init; }
}

/// <summary>Exactly one member is set. <c>Global</c> and <c>GlobalJob</c> are empty objects.</summary>
public sealed record ServiceMode
{
    public ReplicatedService? Replicated { get; init; }
    public GlobalService? Global { get; init; }
    public ReplicatedJob? ReplicatedJob { get; init; }
    public GlobalService? GlobalJob { get; init; }
}

public sealed record ReplicatedService
{
    public ulong? Replicas { get; init; }
}

public sealed record GlobalService;

public sealed record ReplicatedJob
{
    public ulong? MaxConcurrent { get; init; }
    public ulong? TotalCompletions { get; init; }
}

/// <summary>Durations are nanoseconds; enums are Docker's lower-case words.</summary>
public sealed record UpdateConfig
{
    public ulong Parallelism { get; init; }
    public long? Delay { get; init; }
    public string? FailureAction { get; init; }
    public long? Monitor { get; init; }
    public double MaxFailureRatio { get; init; }
    public string? Order { get; init; }
}

public sealed record EndpointSpec
{
    public string? Mode { get; init; }
    public IReadOnlyList<PortConfig>? Ports { get; init; }
}

public sealed record PortConfig
{
    public string? Name { get; init; }
    public string? Protocol { get; init; }
    public uint TargetPort { get; init; }
    public uint PublishedPort { get; init; }
    public string? PublishMode { get; init; }
}

public sealed record Endpoint
{
    public EndpointSpec Spec { get; init; } = new();
    public IReadOnlyList<PortConfig>? Ports { get; init; }
    public IReadOnlyList<EndpointVirtualIP>? VirtualIPs { get; init; }
}

public sealed record EndpointVirtualIP
{
    public string NetworkID { get; init; } = "";
    public string Addr { get; init; } = "";
}

public sealed record UpdateStatus
{
    public string State { get; init; } = "";
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? Message { get; init; }
}

public sealed record ServiceStatus
{
    public ulong RunningTasks { get; init; }
    public ulong DesiredTasks { get; init; }
    public ulong CompletedTasks { get; init; }
}

public sealed record JobStatus
{
    public ObjectVersion JobIteration { get; init; } = new();
    public DateTimeOffset? LastExecution { get; init; }
}
