using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Store.Raft.Log;
using Swarm.Store.Raft.Membership;
using Swarm.Store.Raft.Security;

namespace Swarm.Store.Raft;

/// <summary>
/// One manager's seat in the store's Raft cluster (DotNext TCP transport, mutual TLS, write-ahead log,
/// snapshots). It commits the store's transactions (<see cref="IProposer"/>), says who leads
/// (<see cref="ILeadership"/>) and changes membership one member at a time.
/// </summary>
public sealed partial class RaftNode : IAsyncDisposable
{
    private readonly RaftStoreOptions options;
    private readonly ILogger logger;
    private readonly SemaphoreSlim membershipChange = new(1, 1);
    private RaftCluster? cluster;
    private WriteAheadLog? wal;
    private StoreStateMachine? stateMachine;
    private ProposalBatcher? batcher;

    public RaftNode(RaftStoreOptions options)
    {
        this.options = options;
        logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RaftNode>();
    }

    /// <summary>The address this node is known by in the membership.</summary>
    public IPEndPoint Address => options.AdvertiseEndPoint ?? options.ListenEndPoint;

    public long Term => Cluster.AuditTrail.Term;

    public long CommitIndex => Cluster.AuditTrail.LastCommittedEntryIndex;

    /// <summary>The last entry applied to the store on this node.</summary>
    public long AppliedIndex => stateMachine?.AppliedIndex ?? 0;

    /// <summary>Snapshots loaded on this node (at start, or sent by the leader because this node was far behind).</summary>
    public int SnapshotsRestored => stateMachine?.SnapshotsRestored ?? 0;

    public IReadOnlyList<EndPoint> Members => Cluster.Members.Select(m => m.EndPoint).ToList();

    private RaftCluster Cluster => cluster ?? throw new InvalidOperationException("the Raft node has not started");

    /// <summary>
    /// Replays the node's snapshot and log into <paramref name="state"/>, then joins the cluster. A damaged data
    /// directory stops the start with <see cref="StoreCorruptedException"/>.
    /// </summary>
    public async Task StartAsync(IReplicatedState state, CancellationToken cancellationToken)
    {
        var root = Directory.CreateDirectory(options.DataDirectory);
        var walDirectory = Path.Combine(root.FullName, "wal");
        DataDirectoryGuard.CheckLogFiles(walDirectory);
        stateMachine = new StoreStateMachine(root.CreateSubdirectory("snapshots"), state, options.SnapshotInterval, options.SnapshotLogBytes);
        await DataDirectoryGuard.RunAsync(root.FullName, () => stateMachine.RestoreAsync(cancellationToken).AsTask());
        wal = DataDirectoryGuard.Run(root.FullName, () => new WriteAheadLog(
            new WriteAheadLog.Options
            {
                Location = walDirectory,
                HashAlgorithm = WriteAheadLog.IntegrityHashAlgorithm.Crc32,
                // The 4 KiB default makes every batch span many chunk files; fixed once the log exists.
                ChunkSize = options.WalChunkSize,
            },
            stateMachine));
        // The hash check runs synchronously before InitializeAsync first awaits; only then may replay apply.
        var initialize = wal.InitializeAsync(cancellationToken);
        if (initialize.IsFaulted)
            await DataDirectoryGuard.RunAsync(root.FullName, () => initialize);
        stateMachine.OpenReplayGate();
        await DataDirectoryGuard.RunAsync(root.FullName, () => initialize);

        var config = new RaftCluster.TcpConfiguration(options.ListenEndPoint)
        {
            PublicEndPoint = options.AdvertiseEndPoint ?? options.ListenEndPoint,
            ColdStart = options.Bootstrap,
            ConfigurationStorage = new EndPointFileStorage(Path.Combine(root.FullName, "members")),
            LowerElectionTimeout = (int)options.LowerElectionTimeout.TotalMilliseconds,
            UpperElectionTimeout = (int)options.UpperElectionTimeout.TotalMilliseconds,
            // Keep connect <= request < lower election timeout, or a dead peer stalls the leader.
            RequestTimeout = options.LowerElectionTimeout * 0.9,
            // Long enough for a TLS handshake to a cold peer, short enough that a dead one frees the leader.
            ConnectTimeout = options.LowerElectionTimeout * 0.4,
            SslOptions = options.Certificates is { } certificates ? MutualTls.Create(certificates) : null,
            LoggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance,
        };
        cluster = new RaftCluster(config) { AuditTrail = wal };
        cluster.LeaderChanged += (_, leader) => LogLeaderChanged(Address, leader?.EndPoint);
        await DataDirectoryGuard.RunAsync(root.FullName, () => cluster.StartAsync(cancellationToken));
        batcher = new ProposalBatcher(ReplicateAsync, Translate, options.MaxInflightEntries, options.MaxEntryBytes);
        LogStarted(Address, options.Bootstrap, stateMachine.AppliedIndex);
    }

    /// <summary>Leaves the cluster's traffic gracefully (membership is unchanged).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (batcher is not null)
            await batcher.DisposeAsync();
        batcher = null;
        if (cluster is not null)
            await cluster.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (batcher is not null)
            await batcher.DisposeAsync();
        if (cluster is not null)
            await cluster.DisposeAsync();
        if (wal is not null)
            await wal.DisposeAsync();
        if (stateMachine is not null)
            await stateMachine.DisposeAsync();
        membershipChange.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "raft node {Address} started (bootstrap {Bootstrap}, applied up to {Applied})")]
    private partial void LogStarted(EndPoint address, bool bootstrap, long applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "raft node {Address} sees leader {Leader}")]
    private partial void LogLeaderChanged(EndPoint address, EndPoint? leader);
}
