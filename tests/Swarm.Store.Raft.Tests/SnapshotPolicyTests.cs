using Swarm.Testing.Raft;
using Swarm.Testing;
using Swarm.Testing.Net;
using Swarm.Testing.Security;
using Swarm.Store.Raft.Security;

namespace Swarm.Store.Raft.Tests;

public class SnapshotPolicyTests
{
    [Fact]
    public async Task LogBytesBound_TakesSnapshot_BeforeEntryInterval()
    {
        using var directory = new TempDirectory();
        using var ca = new ThrowawayCa();
        var options = TestNode.OptionsFor(directory.Sub("n"), FreePorts.Next(), new PemNodeCertificates(ca.Issue("n"), ca.Certificate),
            snapshotInterval: 1_000_000) with { Bootstrap = true, SnapshotLogBytes = 32 * 1024 };
        await using var node = await TestNode.StartAsync(options, CancellationToken.None);
        await node.Raft.WaitForLeadershipAsync(CancellationToken.None);

        for (var i = 0; i < 100; i++)
        {
            var config = Objects.NewConfig($"c{i}", size: 1024);
            await node.Store.UpdateAsync(tx => tx.Configs.Create(config));
        }

        var snapshots = Path.Combine(options.DataDirectory, "snapshots");
        await Eventually.TrueAsync(() => Directory.GetFiles(snapshots).Any(f => !f.EndsWith(".tmp", StringComparison.Ordinal)),
            TestCluster.Patience, "a snapshot file");
    }
}
