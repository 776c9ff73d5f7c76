using Swarm.Testing.Processes;

namespace Swarm.Store.Raft.Tests.Processes;

[Collection(ProcessCollection.Name)]
[Trait("Category", "Processes")]
public class ProcessFailoverTests
{
    /// <summary>Far above the sub-second target, so a loaded machine does not fail the test; the bench measures it.</summary>
    private static readonly TimeSpan ElectionBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task LeaderKilled_NewLeaderElected_WritesContinue()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var old = await cluster.LeaderAsync();
        var before = await old.Client.CreateConfigAsync("before", 64);

        await old.KillAsync();
        var leader = await cluster.LeaderAsync(within: ElectionBound);
        var after = await cluster.CreateOnLeaderAsync("after");

        Assert.NotSame(old, leader);
        foreach (var (node, configs) in await cluster.ConfigsAfterBarrierAsync())
        {
            Assert.Contains(configs, c => c.Id == before.Id && c.Version == before.Version);
            Assert.Contains(configs, c => c.Id == after.Id && c.Version == after.Version);
        }
    }

    /// <summary>With a small snapshot interval the leader compacts what the dead node missed: it must send a snapshot.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData(20L, Skip = "DotNext 6.12 livelock when the CPU is saturated (2 of 4 runs with two CPU hogs; 6 of 6 pass "
        + "on an idle machine): the leader times out an InstallSnapshot the follower still completes, the follower then "
        + "refuses the same snapshot (index not above its commit index) and the leader walks nextIndex down until it takes "
        + "a newer snapshot. The handler is not overridable; to be fixed upstream")]
    public async Task FollowerKilled_RestartedFromDataDirectory_CatchesUp(long? snapshotInterval)
    {
        await using var cluster = await ProcessCluster.StartAsync(3, snapshotInterval);
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Nodes.First(n => n != leader);
        for (var i = 0; i < 10; i++)
            await leader.Client.CreateConfigAsync($"seen-{i}", 64);

        await follower.KillAsync();
        for (var round = 0; round < 20; round++)
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => leader.Client.CreateConfigAsync($"missed-{round}-{i}", 256)));
        await follower.RestartAsync(CancellationToken.None);

        var expected = await leader.Client.ListConfigsAsync(barrier: true);
        Assert.Equal(170, expected.Count);
        try
        {
            await Swarm.Testing.Eventually.TrueAsync(
                async () => (await follower.Client.ListConfigsAsync(barrier: true)).SequenceEqual(expected),
                ProcessCluster.Patience, $"{follower.Name} to catch up");
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{follower.Name} did not catch up: {e.Message}\n{cluster.Diagnostics()}");
        }
        var status = await follower.Client.GetStatusAsync();
        Assert.Equal((await leader.Client.GetStatusAsync()).StoreVersion, status.StoreVersion);
    }
}
