using System.Buffers.Binary;
using System.Text;

namespace Swarm.Engine.Api;

/// <summary>
/// Docker's stdcopy framing for non-TTY output: each frame is an 8-byte header (stream type 1 = stdout,
/// 2 = stderr, three zero bytes, big-endian uint32 payload length) followed by the payload.
/// </summary>
public static class MultiplexedStream
{
    public const byte Stdout = 1;
    public const byte Stderr = 2;

    public static Task WriteFrameAsync(Stream output, byte stream, string text, CancellationToken cancellationToken)
        => WriteFrameAsync(output, stream, Encoding.UTF8.GetBytes(text), cancellationToken);

    public static async Task WriteFrameAsync(Stream output, byte stream, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length == 0)
            return;
        var frame = new byte[8 + payload.Length];
        frame[0] = stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.Span.CopyTo(frame.AsSpan(8));
        await output.WriteAsync(frame, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    public static byte StreamOf(string name) => name == "stderr" ? Stderr : Stdout;
}
