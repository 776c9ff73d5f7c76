using System.Text;
using Swarm.Testing.Net;
using Swarm.Testing.Security;

namespace Swarm.Testing.Processes;

/// <summary>
/// A store cluster of <see cref="StoreNodeProcess"/>es on 127.0.0.1, built the Swarm way: the first node bootstraps
/// alone, then the leader adds each new node, one at a time. Each node has its own certificate (PEM files) from one
/// throwaway CA. Disposing kills every process and deletes every directory, whatever state the test left.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    /// <summary>The bound of every wait: generous, since 2-core CI machines run many processes at once.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempDirectory directory = new("swarm-proc-");
    private readonly ThrowawayCa ca = new();
    private readonly List<StoreNodeProcess> nodes = [];

    private ProcessCluster(long? snapshotInterval) => SnapshotInterval = snapshotInterval;

    /// <summary>Entries between snapshots for every node; null keeps the node's default.</summary>
    public long? SnapshotInterval { get; }

    public IReadOnlyList<StoreNodeProcess> Nodes => nodes;

    public IEnumerable<StoreNodeProcess> Running => nodes.Where(n => n.Running);

    public static async Task<ProcessCluster> StartAsync(int size, long? snapshotInterval = null, CancellationToken cancellationToken = default)
    {
        var cluster = new ProcessCluster(snapshotInterval);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Patience * size);
            var first = await cluster.StartNodeAsync(bootstrap: true, deadline.Token);
            await Eventually.TrueAsync(async () => (await first.Client.GetStatusAsync(deadline.Token)).IsLeader, Patience, $"{first.Name} to lead");
            for (var i = 1; i < size; i++)
                await cluster.AddNodeAsync(deadline.Token);
            return cluster;
        }
        catch (Exception e)
        {
            var diagnostics = cluster.Diagnostics();
            await cluster.DisposeAsync();
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
                throw;
            throw new InvalidOperationException($"a cluster of {size} did not start: {e.Message}\n{diagnostics}", e);
        }
    }

    /// <summary>Starts one more node process with its own certificate, port and directory (not yet a member).</summary>
    public async Task<StoreNodeProcess> StartNodeAsync(bool bootstrap, CancellationToken cancellationToken)
    {
        var name = $"node-{nodes.Count}";
        var home = directory.Sub(name);
        var certificates = Path.Combine(home, "certs");
        ca.WritePem(certificates, name);
        var node = new StoreNodeProcess(name, home, FreePorts.Next(), certificates, bootstrap, SnapshotInterval);
        nodes.Add(node); // before starting, so a failed start is still cleaned up
        await node.StartAsync(cancellationToken);
        return node;
    }

    /// <summary>Starts a new empty node and has the leader add it, retrying if leadership moves meanwhile.</summary>
    public async Task<StoreNodeProcess> AddNodeAsync(CancellationToken cancellationToken)
    {
        var node = await StartNodeAsync(bootstrap: false, cancellationToken);
        await Eventually.TrueAsync(async () =>
        {
            var leader = await LeaderAsync(cancellationToken: cancellationToken);
            try
            {
                await leader.Client.AddMemberAsync(node.RaftAddress.ToString(), cancellationToken);
                return true;
            }
            catch (StoreNodeException e) when (e.IsNotLeader)
            {
                return false;
            }
        }, Patience, $"the leader to add {node.Name}");
        return node;
    }

    /// <summary>
    /// The running node that says it leads, with the highest term if two do (a deposed leader may not know yet).
    /// </summary>
    public Task<StoreNodeProcess> LeaderAsync(StoreNodeProcess? excluding = null, TimeSpan? within = null, CancellationToken cancellationToken = default)
        => Eventually.GetAsync(async () =>
        {
            var claims = new List<(StoreNodeProcess Node, long Term)>();
            foreach (var node in Running.Where(n => n != excluding))
            {
                try
                {
                    var status = await node.Client.GetStatusAsync(cancellationToken);
                    if (status.IsLeader)
                        claims.Add((node, status.Term));
                }
                catch (Exception e) when (e is HttpRequestException or TimeoutException)
                {
                    // down or busy: not the leader we can use
                }
            }
            return claims.Count == 0 ? null : claims.MaxBy(c => c.Term).Node;
        }, within ?? Patience, "a leader");

    /// <summary>The node whose Raft address is <paramref name="raftAddress"/> (as a 503 names the leader).</summary>
    public StoreNodeProcess? ByRaftAddress(string? raftAddress)
        => nodes.FirstOrDefault(n => n.RaftAddress.ToString() == raftAddress);

    /// <summary>Every node's log tail, for a failure message.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        foreach (var node in nodes)
            text.Append("==== ").Append(node.Name).Append(" (").Append(node.Running ? "running" : "down").Append(")\n")
                .Append(node.LogTail()).Append('\n');
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        // Kill all first, together: a clean stop would only slow down a failing test's cleanup.
        await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
        ca.Dispose();
        directory.Dispose();
    }
}
