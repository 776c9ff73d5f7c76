using Swarm.Testing.Raft;

namespace Swarm.Store.Raft.Tests;

/// <summary>What a node does with its files on restart: reload them whole, or refuse clearly when damaged.</summary>
public class DataDirectoryTests
{
    private const int Writes = 300;

    [Fact]
    public async Task Restart_CleanDirectory_RestoresEveryWrite()
    {
        await using var cluster = await WrittenSingleNodeAsync(snapshotInterval: 100);
        var node = cluster.Nodes[0];
        var expected = node.Store.Snapshot().Configs.All().Select(c => (c.Id, c.Meta.Version)).ToList();

        var restarted = await cluster.RestartAsync(node);

        Assert.Equal(expected, restarted.Store.Snapshot().Configs.All().Select(c => (c.Id, c.Meta.Version)).ToList());
        await restarted.Raft.WaitForLeadershipAsync(CancellationToken.None);
        await restarted.Store.CreateConfigAsync("after-restart");
    }

    [Theory]
    [InlineData("flip-bytes")]
    [InlineData("truncate")]
    [InlineData("empty")]
    public async Task Restart_DamagedLogChunk_RefusedWithClearError(string damage)
    {
        await using var cluster = await WrittenSingleNodeAsync(snapshotInterval: 100_000);
        var node = cluster.Nodes[0];
        await node.StopAsync();
        var chunk = Directory.GetFiles(Path.Combine(node.Options.DataDirectory, "wal", "data")).Order().First();
        Damage(chunk, damage);

        var error = await Assert.ThrowsAsync<StoreCorruptedException>(() => TestNode.StartAsync(node.Options, CancellationToken.None));

        Assert.Contains(node.Options.DataDirectory, error.Message);
    }

    [Theory]
    [InlineData("checkpoint")]
    [InlineData("state")]
    public async Task Restart_MissingLogBookkeeping_RefusedWithClearError(string file)
    {
        await using var cluster = await WrittenSingleNodeAsync(snapshotInterval: 100_000);
        var node = cluster.Nodes[0];
        await node.StopAsync();
        File.Delete(Path.Combine(node.Options.DataDirectory, "wal", file));

        var error = await Assert.ThrowsAsync<StoreCorruptedException>(() => TestNode.StartAsync(node.Options, CancellationToken.None));

        Assert.Contains(file, error.Message);
    }

    [Theory]
    [InlineData("flip-bytes")]
    [InlineData("truncate")]
    [InlineData("empty")]
    public async Task Restart_DamagedSnapshot_RefusedWithClearError(string damage)
    {
        await using var cluster = await WrittenSingleNodeAsync(snapshotInterval: 50);
        var node = cluster.Nodes[0];
        await node.StopAsync();
        var snapshot = Directory.GetFiles(Path.Combine(node.Options.DataDirectory, "snapshots"))
            .Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
            .OrderByDescending(f => long.Parse(Path.GetFileName(f).Split('-')[0], System.Globalization.CultureInfo.InvariantCulture))
            .First();
        Damage(snapshot, damage);

        var error = await Assert.ThrowsAsync<StoreCorruptedException>(() => TestNode.StartAsync(node.Options, CancellationToken.None));

        Assert.Contains("snapshot", error.Message);
    }

    private static async Task<TestCluster> WrittenSingleNodeAsync(long snapshotInterval)
    {
        var cluster = await TestCluster.StartAsync(1, snapshotInterval);
        var store = cluster.Nodes[0].Store;
        for (var i = 0; i < Writes; i++)
            await store.CreateConfigAsync($"config-{i}");
        return cluster;
    }

    /// <summary>Damages the written part of a file: log chunks are preallocated, so their tail is unused zeros.</summary>
    private static void Damage(string path, string how)
    {
        var bytes = File.ReadAllBytes(path);
        var used = Array.FindLastIndex(bytes, b => b != 0) + 1;
        switch (how)
        {
            case "flip-bytes":
                for (var i = used / 2; i < Math.Min(used, used / 2 + 16); i++)
                    bytes[i] ^= 0x5a;
                File.WriteAllBytes(path, bytes);
                break;
            case "truncate":
                File.WriteAllBytes(path, bytes[..(used / 3)]);
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
        }
    }
}
