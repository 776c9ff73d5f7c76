using System.Net;
using Microsoft.Extensions.Logging;
using Swarm.Store.Raft.Security;

namespace Swarm.Store.Raft;

/// <summary>How one manager takes part in the store's Raft cluster.</summary>
public sealed record RaftStoreOptions
{
    /// <summary>Holds wal/, snapshots/ and members; one directory per node.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Where this node listens for Raft traffic (Swarm's default port is 2378).</summary>
    public required IPEndPoint ListenEndPoint { get; init; }

    /// <summary>The address other members use; defaults to <see cref="ListenEndPoint"/>.</summary>
    public IPEndPoint? AdvertiseEndPoint { get; init; }

    /// <summary>
    /// Start a new one-member cluster if this node has no membership yet (`swarm init`). Exactly one node of a
    /// cluster may do this; every other node waits to be added by the leader.
    /// </summary>
    public bool Bootstrap { get; init; }

    /// <summary>Committed entries between snapshots; older log is compacted away (Swarm: 10,000).</summary>
    public long SnapshotInterval { get; init; } = 10_000;

    /// <summary>Log bytes between snapshots, whatever the entry count: bounds the log's size on disk and in memory.</summary>
    public long SnapshotLogBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Election timeouts. Much faster than Swarm's ~10 s on purpose: failover in under a second on a LAN, yet
    /// wide enough that a CPU-starved leader (2 cores, three managers) is not deposed. Raise them on slow VMs.
    /// </summary>
    public TimeSpan LowerElectionTimeout { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan UpperElectionTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Entries replicating at once; more transactions wait and are packed into the next entry.</summary>
    public int MaxInflightEntries { get; init; } = 2;

    /// <summary>Upper bound of one Raft entry's payload; a single larger transaction still goes alone.</summary>
    public int MaxEntryBytes { get; init; } = 1024 * 1024;

    /// <summary>Size of one write-ahead log file; compaction frees whole files. Fixed when the log is created.</summary>
    public int WalChunkSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Mutual TLS material. Null runs Raft in plain TCP: for benchmarks that compare, never for clusters.</summary>
    public INodeCertificates? Certificates { get; init; }

    public ILoggerFactory? LoggerFactory { get; init; }
}
