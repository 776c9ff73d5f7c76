using Swarm.Store.NodeHost.Api.Contracts;
using Swarm.Testing.Processes;

namespace Swarm.Store.Raft.Tests.Processes;

[Collection(ProcessCollection.Name)]
[Trait("Category", "Processes")]
public class ProcessReplicationTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Write_OnLeader_VisibleOnEveryFollowerAfterReadBarrier(int size)
    {
        await using var cluster = await ProcessCluster.StartAsync(size);
        var leader = await cluster.LeaderAsync();

        var created = await leader.Client.CreateConfigAsync("hello", 1024);

        var expected = new ConfigSummary(created.Id, "hello", created.Version);
        foreach (var (node, configs) in await cluster.ConfigsAfterBarrierAsync())
            Assert.True(configs.Contains(expected), $"{node} lacks {expected}:\n{cluster.Diagnostics()}");
        var members = cluster.Nodes.Select(n => n.RaftAddress.ToString()).Order(StringComparer.Ordinal).ToList();
        foreach (var node in cluster.Nodes)
            Assert.Equal(members, (await node.Client.GetStatusAsync()).Members);
    }

    [Fact]
    public async Task Write_OnFollower_Refused503WithLeaderAddress()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Nodes.First(n => n != leader);

        var error = await Assert.ThrowsAsync<StoreNodeException>(() => follower.Client.CreateConfigAsync("nope", 16));

        Assert.True(error.IsNotLeader);
        Assert.Equal(leader.RaftAddress.ToString(), error.Leader);
        Assert.DoesNotContain(await leader.Client.ListConfigsAsync(barrier: true), c => c.Name == "nope");
    }

    [Fact]
    public async Task Errors_MappedToStatusCodes_AsDockerDoes()
    {
        await using var cluster = await ProcessCluster.StartAsync(1);
        var client = cluster.Nodes[0].Client;
        await client.CreateConfigAsync("taken", 16);

        var conflict = await Assert.ThrowsAsync<StoreNodeException>(() => client.CreateConfigAsync("taken", 16));
        var invalid = await Assert.ThrowsAsync<StoreNodeException>(() => client.CreateConfigAsync("", 16));
        var badAddress = await Assert.ThrowsAsync<StoreNodeException>(() => client.AddMemberAsync("not-an-address"));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badAddress.StatusCode);
    }

    [Fact]
    public async Task Node_Sigterm_ExitsCleanly_AndRestartsWithItsData()
    {
        await using var cluster = await ProcessCluster.StartAsync(1);
        var node = cluster.Nodes[0];
        var created = await node.Client.CreateConfigAsync("kept", 16);

        Assert.Equal(0, await node.StopAsync());
        await node.RestartAsync(CancellationToken.None);

        var leader = await cluster.LeaderAsync();
        Assert.Contains(new ConfigSummary(created.Id, "kept", created.Version), await leader.Client.ListConfigsAsync(barrier: true));
    }

    [Fact]
    public async Task Node_DamagedDataDirectory_ExitsWithCode2AndOneClearLine()
    {
        await using var cluster = await ProcessCluster.StartAsync(1);
        var node = cluster.Nodes[0];
        await node.Client.CreateConfigAsync("before", 16);
        await node.KillAsync();
        File.Delete(Path.Combine(node.DataDirectory, "wal", "checkpoint"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => node.RestartAsync(CancellationToken.None));

        Assert.Equal(2, node.ExitCode);
        Assert.Contains("swarm-store-node: the store in", error.Message);
        Assert.Contains("'checkpoint' file is missing", error.Message);
    }
}
