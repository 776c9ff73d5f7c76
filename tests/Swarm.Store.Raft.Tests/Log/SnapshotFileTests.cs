using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using DotNext.IO;
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
    public async Task WriteAsync_Pieces_SameFileAsFrame()
    {
        byte[] payload = [.. Enumerable.Range(0, 300).Select(i => (byte)i)];
        using var file = new MemoryStream();

        await SnapshotFile.WriteAsync(IAsyncBinaryWriter.Create(file, new byte[64]), raftIndex: 7, payload.Chunk(100).Select(c => (ReadOnlyMemory<byte>)c), CancellationToken.None);

        Assert.Equal(SnapshotFile.Frame(raftIndex: 7, payload), file.ToArray());
        Assert.Equal(payload, SnapshotFile.Unframe(file.ToArray(), "x").ToArray());
    }

    [Fact]
    public void Unframe_FormatOneFile_StillRead()
    {
        // Snapshots written before format 2: the payload's length before it, the checksum after.
        byte[] payload = [9, 8, 7];
        var file = new byte[6 + 1 + 8 + 8 + payload.Length + 4];
        "SWSNAP"u8.CopyTo(file);
        file[6] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(7), 3);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(15), payload.Length);
        payload.CopyTo(file.AsSpan(23));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(26), Crc32.HashToUInt32(file.AsSpan(0, 26)));

        Assert.Equal(payload, SnapshotFile.Unframe(file, "old").ToArray());
    }

    [Fact]
    public void Unframe_Truncated_ThrowsStoreCorrupted()
    {
        var framed = SnapshotFile.Frame(raftIndex: 1, new byte[100]);

        Assert.Throws<StoreCorruptedException>(() => SnapshotFile.Unframe(framed[..60], "f"));
    }
}
