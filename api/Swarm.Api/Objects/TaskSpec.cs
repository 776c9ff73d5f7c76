using MessagePack;

namespace Swarm.Api.Objects;

/// <summary>What every task of a service runs: the container, its resources, restart and placement rules.</summary>
[MessagePackObject]
public sealed record TaskSpec
{
    [Key(0)] public ContainerSpec ContainerSpec { get; init; } = new();
    [Key(1)] public ResourceRequirements? Resources { get; init; }
    [Key(2)] public RestartPolicy? RestartPolicy { get; init; }
    [Key(3)] public Placement? Placement { get; init; }
    [Key(4)] public IReadOnlyList<NetworkAttachmentConfig> Networks { get; init; } = [];
    /// <summary>Changing this value alone redeploys every task (`service update --force`).</summary>
    [Key(5)] public ulong ForceUpdate { get; init; }
}

[MessagePackObject]
public sealed record ContainerSpec
{
    [Key(0)] public string Image { get; init; } = "";
    [Key(1)] public IReadOnlyDictionary<string, string> Labels { get; init; } = Empty.Labels;
    [Key(2)] public IReadOnlyList<string>? Command { get; init; }
    [Key(3)] public IReadOnlyList<string>? Args { get; init; }
    [Key(4)] public string? Hostname { get; init; }
    [Key(5)] public IReadOnlyList<string> Env { get; init; } = [];
    [Key(6)] public string? Dir { get; init; }
    [Key(7)] public string? User { get; init; }
    [Key(8)] public TimeSpan? StopGracePeriod { get; init; }
    [Key(9)] public string? StopSignal { get; init; }
    [Key(10)] public bool? Init { get; init; }
    [Key(11)] public bool ReadOnly { get; init; }
    [Key(12)] public IReadOnlyList<FileReference> Secrets { get; init; } = [];
    [Key(13)] public IReadOnlyList<FileReference> Configs { get; init; } = [];
    /// <summary>Overrides the image's healthcheck; Test ["NONE"] disables it.</summary>
    [Key(14)] public HealthConfig? Healthcheck { get; init; }
    [Key(15)] public IReadOnlyList<Mount> Mounts { get; init; } = [];
}

/// <summary>A secret or config made visible to a task as a file.</summary>
[MessagePackObject]
public sealed record FileReference
{
    [Key(0)] public string ObjectId { get; init; } = "";
    [Key(1)] public string ObjectName { get; init; } = "";
    [Key(2)] public string FileName { get; init; } = "";
    [Key(3)] public string Uid { get; init; } = "0";
    [Key(4)] public string Gid { get; init; } = "0";
    [Key(5)] public uint Mode { get; init; } = 0x124; // 0444
}

[MessagePackObject]
public sealed record ResourceRequirements
{
    [Key(0)] public Resources? Limits { get; init; }
    [Key(1)] public Resources? Reservations { get; init; }
}

[MessagePackObject]
public sealed record Resources
{
    [Key(0)] public long NanoCpus { get; init; }
    [Key(1)] public long MemoryBytes { get; init; }
    [Key(2)] public long Pids { get; init; }
}

[MessagePackObject]
public sealed record RestartPolicy
{
    [Key(0)] public RestartCondition Condition { get; init; } = RestartCondition.Any;
    [Key(1)] public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(5);
    [Key(2)] public ulong MaxAttempts { get; init; }
    [Key(3)] public TimeSpan Window { get; init; }
}

public enum RestartCondition { None = 0, OnFailure = 1, Any = 2 }

[MessagePackObject]
public sealed record Placement
{
    [Key(0)] public IReadOnlyList<string> Constraints { get; init; } = [];
    /// <summary>Spread descriptors such as "node.labels.zone", applied in order (hierarchical).</summary>
    [Key(1)] public IReadOnlyList<string> SpreadPreferences { get; init; } = [];
    [Key(2)] public ulong MaxReplicas { get; init; }
}

[MessagePackObject]
public sealed record NetworkAttachmentConfig
{
    [Key(0)] public string Target { get; init; } = "";
    [Key(1)] public IReadOnlyList<string> Aliases { get; init; } = [];
}
