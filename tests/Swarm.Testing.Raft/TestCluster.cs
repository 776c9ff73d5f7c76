using Swarm.Store.Raft;
using Swarm.Store.Raft.Security;
using Swarm.Testing;
using Swarm.Testing.Net;
using Swarm.Testing.Security;

namespace Swarm.Testing.Raft;

/// <summary>
/// A Raft cluster of <see cref="TestNode"/>s built the way Swarm builds one: the first node bootstraps alone, the
/// leader then adds each other node, one at a time. Every node has a certificate from one throwaway CA.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TempDirectory directory = new("swarm-raft-");
    private readonly ThrowawayCa ca = new();
    private int created;

    public List<TestNode> Nodes { get; } = [];

    public long SnapshotInterval { get; init; } = 10_000;

    public static async Task<TestCluster> StartAsync(int size, long snapshotInterval = 10_000)
    {
        var cluster = new TestCluster { SnapshotInterval = snapshotInterval };
        try
        {
            using var cts = new CancellationTokenSource(Patience * 2);
            var first = await cluster.StartNodeAsync(bootstrap: true, cts.Token);
            await first.Raft.WaitForLeadershipAsync(cts.Token);
            for (var i = 1; i < size; i++)
                await cluster.AddNodeAsync(cts.Token);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public INodeCertificates CertificatesFor(string nodeId) => new PemNodeCertificates(ca.Issue(nodeId), ca.Certificate);

    public async Task<TestNode> StartNodeAsync(bool bootstrap, CancellationToken cancellationToken)
    {
        var id = $"node-{created++}";
        var options = TestNode.OptionsFor(directory.Sub(id), FreePorts.Next(), CertificatesFor(id), SnapshotInterval) with { Bootstrap = bootstrap };
        var node = await TestNode.StartAsync(options, cancellationToken);
        Nodes.Add(node);
        return node;
    }

    /// <summary>
    /// Starts a new empty node and has the leader add it. On a loaded machine leadership may move during the
    /// change: then the next leader is asked, unless the change already committed (the member is known).
    /// </summary>
    public async Task<TestNode> AddNodeAsync(CancellationToken cancellationToken)
    {
        var node = await StartNodeAsync(bootstrap: false, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var leader = await LeaderAsync();
            if (leader.Raft.Members.Any(m => m.ToString() == node.Address.ToString()))
                return node;
            try
            {
                await leader.Raft.AddMemberAsync(node.Address, cancellationToken);
                return node;
            }
            catch (Swarm.Api.Errors.NotLeaderException) when (attempt < 5)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Creates a config through whichever node leads. On a loaded machine leadership may move mid-write: the write
    /// is then retried on the new leader, unless it had committed after all (never doubled).
    /// </summary>
    public async Task CreateConfigOnLeaderAsync(string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            var leader = await LeaderAsync();
            try
            {
                await leader.Store.CreateConfigAsync(name);
                return;
            }
            catch (Swarm.Api.Errors.NotLeaderException e) when (attempt < 5)
            {
                var next = await LeaderAsync();
                await next.Store.ReadBarrierAsync();
                if (e.MayHaveCommitted && next.Store.Snapshot().Configs.All().Any(c => c.Spec.Name == name))
                    return;
                await Task.Delay(100);
            }
        }
    }

    public IEnumerable<TestNode> Running => Nodes.Where(n => n.Running);

    /// <summary>The running node that holds leadership, once there is one.</summary>
    public Task<TestNode> LeaderAsync(TestNode? excluding = null) => Eventually.GetAsync(
        () => Task.FromResult(Running.FirstOrDefault(n => n != excluding && n.Raft.IsLeader)), Patience, "a leader");

    public async Task<TestNode> RestartAsync(TestNode node)
    {
        using var cts = new CancellationTokenSource(Patience);
        var restarted = await node.RestartAsync(cts.Token);
        Nodes[Nodes.IndexOf(node)] = restarted;
        return restarted;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            await node.DisposeAsync();
        ca.Dispose();
        directory.Dispose();
    }
}
