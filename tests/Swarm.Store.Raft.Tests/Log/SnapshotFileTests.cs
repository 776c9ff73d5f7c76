using System.Buffers;
using Swarm.Store.Raft.Log;

namespace Swarm.Store.Raft.Tests.Log;

public class SnapshotFileTests
{
    [Fact]
    public void Unframe_FramedPayload_ReturnsIt()
    {
        byte[] payload = [5, 4, 3, 2, 1];

        var unframed = SnapshotFile.Unframe(SnapshotFile.Frame(raftIndex: 10, payload), "x");

        Assert.Equal(payload, unframed.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(-3)]
    public void Unframe_DamagedFile_ThrowsStoreCorruptedWithPath(int damageAt)
    {
        var framed = SnapshotFile.Frame(raftIndex: 10, [1, 2, 3, 4, 5, 6]);
        framed[damageAt < 0 ? framed.Length + damageAt : damageAt] ^= 0x55;

        var error = Assert.Throws<StoreCorruptedException>(() => SnapshotFile.Unframe(framed, "/data/snapshots/10-1"));

        Assert.Contains("/data/snapshots/10-1", error.Message);
    }

    [Fact]
    public void Unframe_Truncated_ThrowsStoreCorrupted()
    {
        var framed = SnapshotFile.Frame(raftIndex: 1, new byte[100]);

        Assert.Throws<StoreCorruptedException>(() => SnapshotFile.Unframe(framed[..60], "f"));
    }
}
