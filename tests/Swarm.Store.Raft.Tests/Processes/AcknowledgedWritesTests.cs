using System.Diagnostics;
using Swarm.Testing;
using Swarm.Testing.Processes;

namespace Swarm.Store.Raft.Tests.Processes;

/// <summary>
/// Clients write concurrently to whichever node leads while the leader is killed with SIGKILL; afterwards every
/// surviving node must hold exactly a state the recorded history allows (see <see cref="WriteHistory"/>).
/// </summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Processes")]
public class AcknowledgedWritesTests
{
    private const string Prefix = "w";
    private const int Clients = 8;
    private const int AcknowledgedBeforeKill = 300;
    private const int AcknowledgedAfterKill = 300;

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task LeaderKilled_DuringConcurrentWrites_EveryAcknowledgedWriteSurvivesEverywhere(int size)
    {
        await using var cluster = await ProcessCluster.StartAsync(size);
        var history = new WriteHistory();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // hard bound on the whole run
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => WriteLoopAsync(cluster, history, c, stop.Token))).ToList();
        try
        {
            await Eventually.TrueAsync(() => history.AcknowledgedCount >= AcknowledgedBeforeKill, ProcessCluster.Patience, "writes before the kill");
            var leader = await cluster.LeaderAsync();
            var killedAt = Stopwatch.GetTimestamp();
            await leader.KillAsync();
            await Eventually.TrueAsync(() => history.AcknowledgedStartedAfter(killedAt) >= AcknowledgedAfterKill,
                ProcessCluster.Patience, $"writes acknowledged by a new leader ({history.Summary()})");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }

        var finalStates = await cluster.ConfigsAfterBarrierAsync();
        Assert.Equal(size - 1, finalStates.Count);
        foreach (var (node, configs) in finalStates)
        {
            var violations = history.Violations(configs, Prefix);
            Assert.True(violations.Count == 0,
                $"{node}: {violations.Count} violations ({history.Summary()}):\n{string.Join('\n', violations.Take(20))}");
        }
        var reference = finalStates.Values.First();
        foreach (var (node, configs) in finalStates)
            Assert.True(reference.SequenceEqual(configs), $"{node} differs from {finalStates.Keys.First()}");
    }

    /// <summary>
    /// One client: writes to the node it believes leads; on 503 it follows the leader named in the answer, on a
    /// dead or silent node it tries the next one. Every attempt is recorded, however it ended.
    /// </summary>
    private static async Task WriteLoopAsync(ProcessCluster cluster, WriteHistory history, int client, CancellationToken stop)
    {
        var target = cluster.Nodes[client % cluster.Nodes.Count];
        for (var sequence = 0; !stop.IsCancellationRequested; sequence++)
        {
            var name = $"{Prefix}{client}-{sequence}";
            var start = Stopwatch.GetTimestamp();
            try
            {
                var created = await target.Client.CreateConfigAsync(name, 128, stop);
                history.Acknowledged(name, start, Stopwatch.GetTimestamp(), created);
                continue;
            }
            catch (StoreNodeException e) when (e.IsNotLeader)
            {
                target = cluster.ByRaftAddress(e.Leader) is { Running: true } leader ? leader : Next(cluster, target);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or OperationCanceledException)
            {
                target = Next(cluster, target);
            }
            history.Ambiguous(name, start, Stopwatch.GetTimestamp());
            try
            {
                await Task.Delay(10, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static StoreNodeProcess Next(ProcessCluster cluster, StoreNodeProcess current)
        => cluster.Nodes[(cluster.Nodes.ToList().IndexOf(current) + 1) % cluster.Nodes.Count];
}
