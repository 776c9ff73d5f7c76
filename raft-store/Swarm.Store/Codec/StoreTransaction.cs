using MessagePack;

namespace Swarm.Store.Codec;

/// <summary>
/// A transaction as it travels through the log. The timestamp is the proposer's clock, so every node stamps
/// objects identically; the id lets the proposing node find its waiting writer.
/// </summary>
[MessagePackObject]
public sealed record StoreTransaction
{
    [Key(0)] public Guid Id { get; init; }
    [Key(1)] public DateTimeOffset Timestamp { get; init; }
    [Key(2)] public IReadOnlyList<StoreAction> Actions { get; init; } = [];
}
