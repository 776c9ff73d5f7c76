using MessagePack;

namespace Swarm.Api.Objects;

/// <summary>Sensitive data given to tasks as files. The data is immutable; only labels may change.</summary>
[MessagePackObject]
public sealed record Secret : ISwarmObject
{
    public const int MaxSize = 500 * 1024;

    [Key(0)] public string Id { get; init; } = "";
    [Key(1)] public Meta Meta { get; init; } = new();
    [Key(2)] public SecretSpec Spec { get; init; } = new();

    [IgnoreMember] public string? UniqueName => Spec.Name;

    public ISwarmObject WithMeta(Meta meta) => this with { Meta = meta };
}

[MessagePackObject]
public sealed record SecretSpec
{
    [Key(0)] public string Name { get; init; } = "";
    [Key(1)] public IReadOnlyDictionary<string, string> Labels { get; init; } = Empty.Labels;
    [Key(2)] public byte[] Data { get; init; } = [];
    [Key(3)] public string? Driver { get; init; }
    /// <summary>Data is sealed with the swarm's data key (managers keep secrets encrypted at rest).</summary>
    [Key(4)] public bool DataSealed { get; init; }
}
