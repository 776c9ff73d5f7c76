namespace Swarm.Store.Watch;

/// <summary>
/// Ends a watch whose reader fell too far behind, or whose store was replaced by a snapshot. The watcher must start
/// again from <see cref="MemoryStore.ViewAndWatch"/>; it has missed events.
/// </summary>
public sealed class WatchClosedException(string message) : Exception(message);
