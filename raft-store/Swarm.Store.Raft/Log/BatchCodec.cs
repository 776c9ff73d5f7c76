using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace Swarm.Store.Raft.Log;

/// <summary>
/// The payload of one Raft entry: many store transactions committed together.
/// <code>
/// [format u8 = 1][count u32][count x (length u32, bytes)][crc32 u32 of everything before it]   (little endian)
/// </code>
/// The leading byte lets later formats roll out; the checksum turns a damaged log into a clear error, never
/// into garbage applied to the store.
/// </summary>
internal static class BatchCodec
{
    public const byte FormatV1 = 1;

    public static byte[] Encode(IReadOnlyList<ReadOnlyMemory<byte>> transactions)
    {
        var size = 1 + 4 + transactions.Sum(t => 4 + t.Length) + 4;
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = FormatV1;
        BinaryPrimitives.WriteUInt32LittleEndian(span[1..], (uint)transactions.Count);
        var offset = 5;
        foreach (var tx in transactions)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)tx.Length);
            tx.Span.CopyTo(span[(offset + 4)..]);
            offset += 4 + tx.Length;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], Crc32.HashToUInt32(span[..offset]));
        return buffer;
    }

    /// <summary>Splits a payload into its transactions, after checking its format and checksum.</summary>
    public static List<ReadOnlyMemory<byte>> Decode(ReadOnlySequence<byte> payload, long index)
    {
        var bytes = payload.IsSingleSegment ? payload.First : payload.ToArray();
        var span = bytes.Span;
        if (span.Length < 9)
            throw Corrupt(index, $"payload of {span.Length} bytes is too short");
        if (span[0] != FormatV1)
            throw Corrupt(index, $"unknown entry format {span[0]}");
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(span[^4..]);
        if (Crc32.HashToUInt32(span[..^4]) != expected)
            throw Corrupt(index, "checksum mismatch");
        var count = BinaryPrimitives.ReadUInt32LittleEndian(span[1..]);
        var result = new List<ReadOnlyMemory<byte>>((int)Math.Min(count, 4096));
        var offset = 5;
        for (var i = 0; i < count; i++)
        {
            if (offset + 4 > span.Length - 4)
                throw Corrupt(index, "transaction header past the end");
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]);
            if (length < 0 || offset + 4 + length > span.Length - 4)
                throw Corrupt(index, "transaction past the end");
            result.Add(bytes.Slice(offset + 4, length));
            offset += 4 + length;
        }
        return result;
    }

    private static StoreCorruptedException Corrupt(long index, string why)
        => new($"raft log entry {index} is corrupt ({why}); the write-ahead log is damaged");
}
