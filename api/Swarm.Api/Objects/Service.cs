using MessagePack;

namespace Swarm.Api.Objects;

/// <summary>A service: the user's desired state (Spec) and the system's view of it (endpoint, update progress).</summary>
[MessagePackObject]
public sealed record Service : ISwarmObject
{
    [Key(0)] public string Id { get; init; } = "";
    [Key(1)] public Meta Meta { get; init; } = new();
    [Key(2)] public ServiceSpec Spec { get; init; } = new();
    /// <summary>The spec before the last update: the one level of history a rollback returns to.</summary>
    [Key(3)] public ServiceSpec? PreviousSpec { get; init; }
    /// <summary>Bumped on every spec change; tasks remember the version they were made from.</summary>
    [Key(4)] public ulong SpecVersion { get; init; }
    [Key(5)] public ServiceEndpoint? Endpoint { get; init; }
    [Key(6)] public UpdateStatus? UpdateStatus { get; init; }

    [IgnoreMember] public string? UniqueName => Spec.Name;

    public ISwarmObject WithMeta(Meta meta) => this with { Meta = meta };
}

[MessagePackObject]
public sealed record ServiceSpec
{
    [Key(0)] public string Name { get; init; } = "";
    [Key(1)] public IReadOnlyDictionary<string, string> Labels { get; init; } = Empty.Labels;
    [Key(2)] public TaskSpec TaskTemplate { get; init; } = new();
    [Key(3)] public ServiceMode Mode { get; init; } = new();
    [Key(4)] public UpdateConfig? UpdateConfig { get; init; }
    [Key(5)] public UpdateConfig? RollbackConfig { get; init; }
    [Key(6)] public EndpointSpec? EndpointSpec { get; init; }
}

/// <summary>Exactly one member is set, as in the Engine API; none set means replicated with one replica.</summary>
[MessagePackObject]
public sealed record ServiceMode
{
    [Key(0)] public ReplicatedMode? Replicated { get; init; }
    [Key(1)] public bool Global { get; init; }
    [Key(2)] public ReplicatedJobMode? ReplicatedJob { get; init; }
    [Key(3)] public bool GlobalJob { get; init; }
}

[MessagePackObject]
public sealed record ReplicatedMode
{
    [Key(0)] public ulong Replicas { get; init; } = 1;
}

[MessagePackObject]
public sealed record ReplicatedJobMode
{
    [Key(0)] public ulong? MaxConcurrent { get; init; }
    [Key(1)] public ulong? TotalCompletions { get; init; }
}

[MessagePackObject]
public sealed record UpdateConfig
{
    [Key(0)] public ulong Parallelism { get; init; } = 1;
    [Key(1)] public TimeSpan Delay { get; init; }
    [Key(2)] public FailureAction FailureAction { get; init; } = FailureAction.Pause;
    [Key(3)] public TimeSpan Monitor { get; init; } = TimeSpan.FromSeconds(5);
    [Key(4)] public double MaxFailureRatio { get; init; }
    [Key(5)] public UpdateOrder Order { get; init; } = UpdateOrder.StopFirst;
}

public enum FailureAction { Pause = 0, Continue = 1, Rollback = 2 }

public enum UpdateOrder { StopFirst = 0, StartFirst = 1 }

[MessagePackObject]
public sealed record UpdateStatus
{
    [Key(0)] public UpdateState State { get; init; }
    [Key(1)] public DateTimeOffset? StartedAt { get; init; }
    [Key(2)] public DateTimeOffset? CompletedAt { get; init; }
    [Key(3)] public string? Message { get; init; }
}

public enum UpdateState
{
    Unknown = 0, Updating = 1, Paused = 2, Completed = 3,
    RollbackStarted = 4, RollbackPaused = 5, RollbackCompleted = 6,
}
