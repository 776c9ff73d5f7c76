using System.Buffers.Binary;

namespace Swarm.Api.EngineApi;

/// <summary>
/// Docker's stdcopy framing of non-TTY output (container and service logs, attach, exec): each frame is an 8-byte
/// header (stream type, three zero bytes, big-endian uint32 payload length) followed by the payload. Clients split
/// on frames, and the docker CLI's service logs expects one line per frame.
/// </summary>
public static class MultiplexedFrames
{
    public const byte Stdout = 1;
    public const byte Stderr = 2;

    /// <summary>An error from the daemon itself; the docker CLI stops reading and prints it.</summary>
    public const byte SystemError = 3;

    /// <summary>Writes one frame and flushes, so a follower sees each line as it comes. An empty payload writes nothing.</summary>
    public static async Task WriteAsync(Stream output, byte stream, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.IsEmpty)
            return;
        var frame = new byte[8 + payload.Length];
        frame[0] = stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.Span.CopyTo(frame.AsSpan(8));
        await output.WriteAsync(frame, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }
}
