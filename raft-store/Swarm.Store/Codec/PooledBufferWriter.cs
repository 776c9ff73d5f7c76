using System.Buffers;

namespace Swarm.Store.Codec;

/// <summary>
/// A growable buffer rented from <see cref="ArrayPool{T}.Shared"/>: an encoded transaction lives only until the
/// proposer has copied it into a log entry, so renting spares the collector ~2.5 KB per commit.
/// </summary>
internal sealed class PooledBufferWriter(int initialCapacity) : IBufferWriter<byte>, IDisposable
{
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    private int written;

    public ReadOnlyMemory<byte> WrittenMemory => buffer.AsMemory(0, written);

    public void Advance(int count) => written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsMemory(written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsSpan(written);
    }

    /// <summary>Returns the buffer to the pool; only once nobody reads <see cref="WrittenMemory"/> any more.</summary>
    public void Dispose()
    {
        var rented = buffer;
        buffer = [];
        written = 0;
        if (rented.Length > 0)
            ArrayPool<byte>.Shared.Return(rented);
    }

    private void Ensure(int sizeHint)
    {
        if (buffer.Length - written >= Math.Max(sizeHint, 1))
            return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, written + sizeHint));
        buffer.AsSpan(0, written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
