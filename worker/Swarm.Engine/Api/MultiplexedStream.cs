using System.Text;
using Swarm.Api.EngineApi;

namespace Swarm.Engine.Api;

/// <summary>Docker's stdcopy framing for non-TTY output, over <see cref="MultiplexedFrames"/> (shared with the manager's service logs).</summary>
public static class MultiplexedStream
{
    public const byte Stdout = MultiplexedFrames.Stdout;
    public const byte Stderr = MultiplexedFrames.Stderr;

    public static Task WriteFrameAsync(Stream output, byte stream, string text, CancellationToken cancellationToken)
        => MultiplexedFrames.WriteAsync(output, stream, Encoding.UTF8.GetBytes(text), cancellationToken);

    public static Task WriteFrameAsync(Stream output, byte stream, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        => MultiplexedFrames.WriteAsync(output, stream, payload, cancellationToken);

    public static byte StreamOf(string name) => name == "stderr" ? Stderr : Stdout;
}
