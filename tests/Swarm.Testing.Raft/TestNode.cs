using Swarm.Store;
using Swarm.Store.Raft;
using System.Net;
using Swarm.Store.Raft.Security;

namespace Swarm.Testing.Raft;

/// <summary>One manager in this test process: a store driven by a Raft node, on loopback, with its own data dir.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private TestNode(RaftStoreOptions options, MemoryStore store, RaftNode raft)
    {
        Options = options;
        Store = store;
        Raft = raft;
    }

    public RaftStoreOptions Options { get; }
    public MemoryStore Store { get; }
    public RaftNode Raft { get; }
    public IPEndPoint Address => Options.ListenEndPoint;
    public bool Running { get; private set; } = true;

    public static async Task<TestNode> StartAsync(RaftStoreOptions options, CancellationToken cancellationToken)
    {
        var raft = new RaftNode(options);
        var store = new MemoryStore(raft);
        await raft.StartAsync(store, cancellationToken);
        return new TestNode(options, store, raft);
    }

    public static RaftStoreOptions OptionsFor(string dataDirectory, IPEndPoint address, INodeCertificates? certificates, long snapshotInterval = 10_000)
        => new()
        {
            DataDirectory = dataDirectory,
            ListenEndPoint = address,
            Certificates = certificates,
            SnapshotInterval = snapshotInterval,
            // Tolerant of a loaded CI machine; the benchmark measures the fast defaults.
            LowerElectionTimeout = TimeSpan.FromMilliseconds(300),
            UpperElectionTimeout = TimeSpan.FromMilliseconds(600),
        };

    /// <summary>A new node on the same data directory and address, as after a process restart.</summary>
    public async Task<TestNode> RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync();
        return await StartAsync(Options with { Bootstrap = false }, cancellationToken);
    }

    public async Task StopAsync()
    {
        if (!Running)
            return;
        Running = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await Raft.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await Raft.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
