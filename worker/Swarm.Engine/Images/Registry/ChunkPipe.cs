using System.Threading.Channels;

namespace Swarm.Engine.Images.Registry;

/// <summary>
/// Hands a download's chunks to a concurrent reader (the layer unpacker) as a stream, so a layer unpacks while it
/// downloads. Bounded, so a slow unpacker slows the download instead of buffering it. If the reader stops early
/// (<see cref="Abandon"/>), writes become no-ops; the writer ends the stream with <see cref="Complete"/>.
/// </summary>
internal sealed class ChunkPipe
{
    private readonly Channel<byte[]> channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(32)
    {
        SingleReader = true,
        SingleWriter = true,
    });

    private volatile bool abandoned;

    public ChunkPipe() => Reader = new ReadStream(channel.Reader);

    public Stream Reader { get; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (abandoned)
            return;
        try
        {
            await channel.Writer.WriteAsync(data.ToArray(), cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // The reader abandoned the stream while we waited for room.
        }
    }

    public void Complete(Exception? error = null) => channel.Writer.TryComplete(error);

    public void Abandon()
    {
        abandoned = true;
        channel.Writer.TryComplete();
        while (channel.Reader.TryRead(out _))
        {
        }
    }

    private sealed class ReadStream(ChannelReader<byte[]> reader) : Stream
    {
        private byte[] current = [];
        private int position;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (position == current.Length)
            {
                if (!await reader.WaitToReadAsync(cancellationToken))
                    return 0;
                if (reader.TryRead(out var next))
                    (current, position) = (next, 0);
            }
            var n = Math.Min(buffer.Length, current.Length - position);
            current.AsMemory(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
