namespace Swarm.Api.EngineApi;

/// <summary>A task as <c>GET /tasks</c> shows it (Docker calls it Task; ours is SwarmTask to avoid .NET's).</summary>
public sealed record SwarmTask
{
    public string ID { get; init; } = "";
    public ObjectVersion Version { get; init; } = new();
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public TaskSpec Spec { get; init; } = new();
    public string ServiceID { get; init; } = "";
    public ulong Slot { get; init; }
    public string? NodeID { get; init; }
    public TaskStatus Status { get; init; } = new();
    public string DesiredState { get; init; } = "";
    public IReadOnlyList<TaskNetworkAttachment>? NetworksAttachments { get; init; }
    public ObjectVersion? JobIteration { get; init; }
}

#pragma warning disable CA1716 // Docker's name for it
public sealed record TaskStatus
#pragma warning restore CA1716
{
    public DateTimeOffset Timestamp { get; init; }
    public string State { get; init; } = "";
    public string Message { get; init; } = "";
    public string? Err { get; init; }
    public TaskContainerStatus? ContainerStatus { get; init; }
    public PortStatus PortStatus { get; init; } = new();
}

public sealed record TaskContainerStatus
{
    public string ContainerID { get; init; } = "";
    public int PID { get; init; }
    public int ExitCode { get; init; }
}

public sealed record PortStatus
{
    public IReadOnlyList<PortConfig>? Ports { get; init; }
}

public sealed record TaskNetworkAttachment
{
    public TaskNetwork Network { get; init; } = new();
    public IReadOnlyList<string> Addresses { get; init; } = [];
}

/// <summary>The network as the swarm API (not /networks) shows it, inside a task's attachments.</summary>
public sealed record TaskNetwork
{
    public string ID { get; init; } = "";
    public ObjectVersion Version { get; init; } = new();
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public TaskNetworkSpec Spec { get; init; } = new();
}

public sealed record TaskNetworkSpec
{
    public string Name { get; init; } = "";
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public Driver? DriverConfiguration { get; init; }
    public bool Attachable { get; init; }
    public bool Ingress { get; init; }
    public bool Internal { get; init; }
}
