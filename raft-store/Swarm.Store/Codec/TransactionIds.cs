using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Swarm.Store.Codec;

/// <summary>
/// Transaction ids only let the proposing node find its waiting writer, so they need to be unique, not secret:
/// a random per-process half and a counter, instead of <see cref="Guid.NewGuid"/> (a kernel random read per commit).
/// </summary>
internal static class TransactionIds
{
    private static readonly ulong ProcessPart = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8));
    private static long counter;

    public static Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ProcessPart);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], Interlocked.Increment(ref counter));
        return new Guid(bytes);
    }
}
