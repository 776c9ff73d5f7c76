using System.Text.Json;
using System.Text.Json.Serialization;

namespace Swarm.Api.EngineApi;

public sealed record TaskSpec
{
    public ContainerSpec? ContainerSpec { get; init; }
    public ResourceRequirements? Resources { get; init; }
    public RestartPolicy? RestartPolicy { get; init; }
    public Placement? Placement { get; init; }
    public IReadOnlyList<NetworkAttachmentConfig>? Networks { get; init; }
    public Driver? LogDriver { get; init; }
    public ulong ForceUpdate { get; init; }
    public string? Runtime { get; init; }

    /// <summary>Fields we do not model, kept so the API can refuse the ones that carry meaning.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Unmodelled { get; init; }
}

public sealed record ContainerSpec
{
    public string? Image { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyList<string>? Command { get; init; }
    public IReadOnlyList<string>? Args { get; init; }
    public string? Hostname { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public string? Dir { get; init; }
    public string? User { get; init; }
    public bool ReadOnly { get; init; }
    public string? StopSignal { get; init; }
    /// <summary>Nanoseconds.</summary>
    public long? StopGracePeriod { get; init; }
    public bool? Init { get; init; }
    public IReadOnlyList<SecretReference>? Secrets { get; init; }
    public IReadOnlyList<ConfigReference>? Configs { get; init; }
    public string? Isolation { get; init; }

    /// <summary>Fields we do not model (Mounts, Healthcheck, ...), kept so the API can refuse meaningful ones.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Unmodelled { get; init; }
}

public sealed record FileTarget
{
    public string Name { get; init; } = "";
    public string? UID { get; init; }
    public string? GID { get; init; }
    public uint Mode { get; init; }
}

public sealed record SecretReference
{
    public FileTarget? File { get; init; }
    public string SecretID { get; init; } = "";
    public string SecretName { get; init; } = "";
}

public sealed record ConfigReference
{
    public FileTarget? File { get; init; }
    public string ConfigID { get; init; } = "";
    public string ConfigName { get; init; } = "";
}

public sealed record ResourceRequirements
{
    public Limit? Limits { get; init; }
    public Limit? Reservations { get; init; }
}

public sealed record Limit
{
    public long NanoCPUs { get; init; }
    public long MemoryBytes { get; init; }
    public long Pids { get; init; }
}

public sealed record RestartPolicy
{
    public string? Condition { get; init; }
    public long? Delay { get; init; }
    public ulong? MaxAttempts { get; init; }
    public long? Window { get; init; }
}

public sealed record Placement
{
    public IReadOnlyList<string>? Constraints { get; init; }
    public IReadOnlyList<PlacementPreference>? Preferences { get; init; }
    public ulong MaxReplicas { get; init; }
    public IReadOnlyList<PlatformInfo>? Platforms { get; init; }
}

public sealed record PlacementPreference
{
    public SpreadOver? Spread { get; init; }
}

public sealed record SpreadOver
{
    public string SpreadDescriptor { get; init; } = "";
}

public sealed record NetworkAttachmentConfig
{
    public string Target { get; init; } = "";
    public IReadOnlyList<string>? Aliases { get; init; }
    public IReadOnlyDictionary<string, string>? DriverOpts { get; init; }
}
