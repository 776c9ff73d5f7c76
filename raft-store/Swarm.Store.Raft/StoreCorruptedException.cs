namespace Swarm.Store.Raft;

/// <summary>The store's files on disk are damaged. Raised at start; the node refuses to run on bad data.</summary>
public sealed class StoreCorruptedException(string message, Exception? inner = null) : Exception(message, inner);
