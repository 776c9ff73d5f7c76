namespace Swarm.Api.EngineApi;

public sealed record Node
{
    public string ID { get; init; } = "";
    public ObjectVersion Version { get; init; } = new();
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public NodeSpec Spec { get; init; } = new();
    public NodeDescription Description { get; init; } = new();
    public NodeStatus Status { get; init; } = new();
    public ManagerStatus? ManagerStatus { get; init; }
}

/// <summary>Role: worker|manager; Availability: active|pause|drain.</summary>
public sealed record NodeSpec
{
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public string? Role { get; init; }
    public string? Availability { get; init; }
}

public sealed record NodeDescription
{
    public string Hostname { get; init; } = "";
    public PlatformInfo Platform { get; init; } = new();
    public Limit Resources { get; init; } = new();
    public EngineDescription Engine { get; init; } = new();
}

public sealed record EngineDescription
{
    public string EngineVersion { get; init; } = "";
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>State: unknown|down|ready|disconnected.</summary>
public sealed record NodeStatus
{
    public string State { get; init; } = "";
    public string? Message { get; init; }
    public string Addr { get; init; } = "";
}

/// <summary>Reachability: unknown|unreachable|reachable.</summary>
public sealed record ManagerStatus
{
    public bool Leader { get; init; }
    public string Reachability { get; init; } = "";
    public string Addr { get; init; } = "";
}
