using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace Swarm.Store.Raft.Log;

/// <summary>
/// Framing of a store snapshot on disk and on the wire:
/// <code>
/// ["SWSNAP" 6 bytes][format u8 = 1][raft index i64][payload length i64][payload][crc32 u32 of all before it]
/// </code>
/// A truncated or damaged file is refused with a clear error instead of restoring part of the state.
/// </summary>
internal static class SnapshotFile
{
    private static ReadOnlySpan<byte> Magic => "SWSNAP"u8;
    private const byte FormatV1 = 1;
    private const int HeaderSize = 6 + 1 + 8 + 8;

    public static byte[] Frame(long raftIndex, ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[HeaderSize + payload.Length + 4];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        span[6] = FormatV1;
        BinaryPrimitives.WriteInt64LittleEndian(span[7..], raftIndex);
        BinaryPrimitives.WriteInt64LittleEndian(span[15..], payload.Length);
        payload.CopyTo(span[HeaderSize..]);
        var framed = HeaderSize + payload.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(span[framed..], Crc32.HashToUInt32(span[..framed]));
        return buffer;
    }

    /// <summary>Returns the payload of a framed snapshot after checking every part of the frame.</summary>
    public static ReadOnlySequence<byte> Unframe(byte[] file, string path)
    {
        var span = file.AsSpan();
        if (span.Length < HeaderSize + 4 || !span[..6].SequenceEqual(Magic))
            throw Corrupt(path, "not a snapshot file or truncated header");
        if (span[6] != FormatV1)
            throw Corrupt(path, $"unknown snapshot format {span[6]}");
        var length = BinaryPrimitives.ReadInt64LittleEndian(span[15..]);
        if (length < 0 || HeaderSize + length + 4 != span.Length)
            throw Corrupt(path, $"expected {length} payload bytes, file holds {span.Length - HeaderSize - 4}");
        var framed = HeaderSize + (int)length;
        if (Crc32.HashToUInt32(span[..framed]) != BinaryPrimitives.ReadUInt32LittleEndian(span[framed..]))
            throw Corrupt(path, "checksum mismatch");
        return new ReadOnlySequence<byte>(file, HeaderSize, (int)length);
    }

    private static StoreCorruptedException Corrupt(string path, string why)
        => new($"store snapshot {path} is corrupt ({why})");
}
