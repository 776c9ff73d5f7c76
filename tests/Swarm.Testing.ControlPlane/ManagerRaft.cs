using Swarm.Store.Raft.Security;
using Swarm.Testing.Net;
using Swarm.Testing.Raft;
using Swarm.Testing.Security;

namespace Swarm.Testing.ControlPlane;

/// <summary>
/// The managers' Raft nodes, built as Swarm builds them (one bootstraps, the leader adds the rest) but with election
/// timeouts suited to a whole control plane sharing one busy process: with 100 agents and their streams on two
/// cores, TestCluster's 300–600 ms lets a starved leader lose its term for nothing (Swarm itself waits ~10 s).
/// </summary>
public sealed class ManagerRaft : IAsyncDisposable
{
    public static readonly TimeSpan LowerElectionTimeout = TimeSpan.FromMilliseconds(1000);
    public static readonly TimeSpan UpperElectionTimeout = TimeSpan.FromMilliseconds(2000);

    private readonly TempDirectory directory = new("swarm-cp-raft-");
    private readonly ThrowawayCa ca = new("swarm-raft-ca");

    public List<TestNode> Nodes { get; } = [];

    public IEnumerable<TestNode> Running => Nodes.Where(n => n.Running);

    public static async Task<ManagerRaft> StartAsync(int size, TimeSpan patience)
    {
        var raft = new ManagerRaft();
        try
        {
            using var cts = new CancellationTokenSource(patience);
            var first = await raft.StartNodeAsync(bootstrap: true, cts.Token);
            await first.Raft.WaitForLeadershipAsync(cts.Token);
            for (var i = 1; i < size; i++)
            {
                var node = await raft.StartNodeAsync(bootstrap: false, cts.Token);
                var leader = await raft.LeaderAsync(patience);
                await leader.Raft.AddMemberAsync(node.Address, cts.Token);
            }
            return raft;
        }
        catch
        {
            await raft.DisposeAsync();
            throw;
        }
    }

    public Task<TestNode> LeaderAsync(TimeSpan patience) => Eventually.GetAsync(
        () => Task.FromResult(Running.FirstOrDefault(n => n.Raft.IsLeader)), patience, "a Raft leader");

    private async Task<TestNode> StartNodeAsync(bool bootstrap, CancellationToken cancellationToken)
    {
        var id = $"raft-{Nodes.Count}";
        var certificates = new PemNodeCertificates(ca.Issue(id), ca.Certificate);
        var options = TestNode.OptionsFor(directory.Sub(id), FreePorts.Next(), certificates) with
        {
            Bootstrap = bootstrap,
            LowerElectionTimeout = LowerElectionTimeout,
            UpperElectionTimeout = UpperElectionTimeout,
        };
        var node = await TestNode.StartAsync(options, cancellationToken);
        Nodes.Add(node);
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            await node.DisposeAsync();
        ca.Dispose();
        directory.Dispose();
    }
}
