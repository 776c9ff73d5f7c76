using MessagePack;

namespace Swarm.Api.Objects;

/// <summary>A swarm-scoped network. The allocator fills <see cref="DriverState"/> (VNI) and <see cref="Ipam"/>.</summary>
[MessagePackObject]
public sealed record Network : ISwarmObject
{
    [Key(0)] public string Id { get; init; } = "";
    [Key(1)] public Meta Meta { get; init; } = new();
    [Key(2)] public NetworkSpec Spec { get; init; } = new();
    [Key(3)] public DriverState? DriverState { get; init; }
    [Key(4)] public IpamState? Ipam { get; init; }

    [IgnoreMember] public string? UniqueName => Spec.Name;

    public ISwarmObject WithMeta(Meta meta) => this with { Meta = meta };
}

[MessagePackObject]
public sealed record NetworkSpec
{
    [Key(0)] public string Name { get; init; } = "";
    [Key(1)] public IReadOnlyDictionary<string, string> Labels { get; init; } = Empty.Labels;
    [Key(2)] public string Driver { get; init; } = "overlay";
    [Key(3)] public bool Attachable { get; init; }
    [Key(4)] public bool Internal { get; init; }
    [Key(5)] public bool Ingress { get; init; }
    [Key(6)] public IReadOnlyList<IpamConfig> IpamConfigs { get; init; } = [];
    [Key(7)] public IReadOnlyDictionary<string, string> DriverOptions { get; init; } = Empty.Labels;
}

[MessagePackObject]
public sealed record IpamConfig
{
    [Key(0)] public string Subnet { get; init; } = "";
    [Key(1)] public string? Gateway { get; init; }
    [Key(2)] public string? IpRange { get; init; }
}

[MessagePackObject]
public sealed record DriverState
{
    [Key(0)] public string Name { get; init; } = "overlay";
    [Key(1)] public IReadOnlyDictionary<string, string> Options { get; init; } = Empty.Labels;
}

[MessagePackObject]
public sealed record IpamState
{
    [Key(0)] public IReadOnlyList<IpamConfig> Configs { get; init; } = [];
}
