using MessagePack;

namespace Swarm.Api.Objects;

/// <summary>
/// Bookkeeping the store owns. <see cref="Version"/> is the store version of the transaction that last wrote the
/// object; writers send back the version they read and the store refuses the write if it moved on.
/// </summary>
[MessagePackObject]
public sealed record Meta
{
    [Key(0)] public ulong Version { get; init; }
    [Key(1)] public DateTimeOffset CreatedAt { get; init; }
    [Key(2)] public DateTimeOffset UpdatedAt { get; init; }
}
