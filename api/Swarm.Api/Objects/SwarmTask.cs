using MessagePack;

namespace Swarm.Api.Objects;

/// <summary>
/// One scheduled unit of a service. Managers own <see cref="DesiredState"/>; the agent owns <see cref="Status"/>.
/// Replicated tasks have a <see cref="Slot"/>; global ones are keyed by node instead (Slot 0).
/// </summary>
[MessagePackObject]
public sealed record SwarmTask : ISwarmObject
{
    [Key(0)] public string Id { get; init; } = "";
    [Key(1)] public Meta Meta { get; init; } = new();
    [Key(2)] public string ServiceId { get; init; } = "";
    [Key(3)] public ulong Slot { get; init; }
    [Key(4)] public string NodeId { get; init; } = "";
    [Key(5)] public TaskSpec Spec { get; init; } = new();
    [Key(6)] public ulong SpecVersion { get; init; }
    [Key(7)] public string ServiceName { get; init; } = "";
    [Key(8)] public SwarmTaskStatus Status { get; init; } = new();
    [Key(9)] public TaskState DesiredState { get; init; }
    [Key(10)] public IReadOnlyList<NetworkAttachment> Networks { get; init; } = [];
    [Key(11)] public ServiceEndpoint? Endpoint { get; init; }
    [Key(12)] public ulong JobIteration { get; init; }

    [IgnoreMember] public string? UniqueName => null;

    public ISwarmObject WithMeta(Meta meta) => this with { Meta = meta };
}

[MessagePackObject]
public sealed record SwarmTaskStatus
{
    [Key(0)] public DateTimeOffset Timestamp { get; init; }
    [Key(1)] public TaskState State { get; init; }
    [Key(2)] public string Message { get; init; } = "";
    [Key(3)] public string? Err { get; init; }
    [Key(4)] public ContainerStatus? ContainerStatus { get; init; }
    [Key(5)] public IReadOnlyList<PortConfig> PublishedPorts { get; init; } = [];
}

[MessagePackObject]
public sealed record ContainerStatus
{
    [Key(0)] public string ContainerId { get; init; } = "";
    [Key(1)] public int Pid { get; init; }
    [Key(2)] public int ExitCode { get; init; }
}

/// <summary>A task's place on one network: the network and the addresses the allocator gave it.</summary>
[MessagePackObject]
public sealed record NetworkAttachment
{
    [Key(0)] public string NetworkId { get; init; } = "";
    [Key(1)] public IReadOnlyList<string> Addresses { get; init; } = [];
    [Key(2)] public IReadOnlyList<string> Aliases { get; init; } = [];
}
