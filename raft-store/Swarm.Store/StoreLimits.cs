namespace Swarm.Store;

/// <summary>Bounds that keep one transaction, and one log entry, small (SwarmKit's values).</summary>
public sealed record StoreLimits
{
    public int MaxChangesPerTransaction { get; init; } = 200;
    public long MaxTransactionBytes { get; init; } = 1536 * 1024;
    /// <summary>Events a watcher may leave unread before its watch is closed.</summary>
    public int MaxPendingWatchEvents { get; init; } = 100_000;
}
