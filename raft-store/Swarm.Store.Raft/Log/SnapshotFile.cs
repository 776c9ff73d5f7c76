using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using DotNext.IO;

namespace Swarm.Store.Raft.Log;

/// <summary>
/// Framing of a store snapshot on disk and on the wire. Format 2, written as a stream (the payload's length is
/// only known at its end):
/// <code>
/// ["SWSNAP" 6 bytes][format u8 = 2][raft index i64][payload][payload length i64][crc32 u32 of all before it]
/// </code>
/// Format 1, still read: <c>["SWSNAP"][1][raft index i64][payload length i64][payload][crc32]</c>.
/// A truncated or damaged file is refused with a clear error instead of restoring part of the state.
/// </summary>
internal static class SnapshotFile
{
    private static ReadOnlySpan<byte> Magic => "SWSNAP"u8;
    private const byte FormatV1 = 1;
    private const byte FormatV2 = 2;
    private const int HeaderSizeV1 = 6 + 1 + 8 + 8;
    private const int HeaderSizeV2 = 6 + 1 + 8;
    private const int TrailerSizeV2 = 8 + 4;

    /// <summary>Writes the frame around <paramref name="payload"/>'s pieces as they come, never holding all of it.</summary>
    public static async ValueTask WriteAsync<TWriter>(TWriter writer, long raftIndex, IEnumerable<ReadOnlyMemory<byte>> payload, CancellationToken token)
        where TWriter : IAsyncBinaryWriter
    {
        var crc = new Crc32();
        var header = new byte[HeaderSizeV2];
        Magic.CopyTo(header);
        header[6] = FormatV2;
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(7), raftIndex);
        crc.Append(header);
        await writer.Invoke(header, token);
        long length = 0;
        foreach (var piece in payload)
        {
            if (piece.IsEmpty)
                continue;
            crc.Append(piece.Span);
            length += piece.Length;
            await writer.Invoke(piece, token);
        }
        var trailer = new byte[TrailerSizeV2];
        BinaryPrimitives.WriteInt64LittleEndian(trailer, length);
        crc.Append(trailer.AsSpan(0, 8));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(8), crc.GetCurrentHashAsUInt32());
        await writer.Invoke(trailer, token);
    }

    /// <summary>The whole frame in one array (format 2, as <see cref="WriteAsync"/> writes it).</summary>
    public static byte[] Frame(long raftIndex, ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[HeaderSizeV2 + payload.Length + TrailerSizeV2];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        span[6] = FormatV2;
        BinaryPrimitives.WriteInt64LittleEndian(span[7..], raftIndex);
        payload.CopyTo(span[HeaderSizeV2..]);
        var end = HeaderSizeV2 + payload.Length;
        BinaryPrimitives.WriteInt64LittleEndian(span[end..], payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(end + 8)..], Crc32.HashToUInt32(span[..(end + 8)]));
        return buffer;
    }

    /// <summary>Returns the payload of a framed snapshot after checking every part of the frame.</summary>
    public static ReadOnlySequence<byte> Unframe(byte[] file, string path)
    {
        var span = file.AsSpan();
        if (span.Length < 7 || !span[..6].SequenceEqual(Magic))
            throw Corrupt(path, "not a snapshot file or truncated header");
        return span[6] switch
        {
            FormatV1 => UnframeV1(file, path),
            FormatV2 => UnframeV2(file, path),
            _ => throw Corrupt(path, $"unknown snapshot format {span[6]}"),
        };
    }

    private static ReadOnlySequence<byte> UnframeV1(byte[] file, string path)
    {
        var span = file.AsSpan();
        if (span.Length < HeaderSizeV1 + 4)
            throw Corrupt(path, "truncated header");
        var length = BinaryPrimitives.ReadInt64LittleEndian(span[15..]);
        if (length < 0 || HeaderSizeV1 + length + 4 != span.Length)
            throw Corrupt(path, $"expected {length} payload bytes, file holds {span.Length - HeaderSizeV1 - 4}");
        var framed = HeaderSizeV1 + (int)length;
        if (Crc32.HashToUInt32(span[..framed]) != BinaryPrimitives.ReadUInt32LittleEndian(span[framed..]))
            throw Corrupt(path, "checksum mismatch");
        return new ReadOnlySequence<byte>(file, HeaderSizeV1, (int)length);
    }

    private static ReadOnlySequence<byte> UnframeV2(byte[] file, string path)
    {
        var span = file.AsSpan();
        if (span.Length < HeaderSizeV2 + TrailerSizeV2)
            throw Corrupt(path, "truncated file");
        var length = BinaryPrimitives.ReadInt64LittleEndian(span[^TrailerSizeV2..]);
        if (length < 0 || HeaderSizeV2 + length + TrailerSizeV2 != span.Length)
            throw Corrupt(path, $"expected {length} payload bytes, file holds {span.Length - HeaderSizeV2 - TrailerSizeV2}");
        if (Crc32.HashToUInt32(span[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(span[^4..]))
            throw Corrupt(path, "checksum mismatch");
        return new ReadOnlySequence<byte>(file, HeaderSizeV2, (int)length);
    }

    private static StoreCorruptedException Corrupt(string path, string why)
        => new($"store snapshot {path} is corrupt ({why})");
}
