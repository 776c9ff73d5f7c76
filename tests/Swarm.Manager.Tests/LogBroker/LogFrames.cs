using System.Buffers.Binary;
using System.Text;

namespace Swarm.Manager.Tests.LogBroker;

/// <summary>Splits a Docker multiplexed body into its frames, as a client's stdcopy does.</summary>
internal static class LogFrames
{
    public sealed record Frame(byte Stream, string Text);

    public static List<Frame> Parse(byte[] body)
    {
        var frames = new List<Frame>();
        var at = 0;
        while (at < body.Length)
        {
            Assert.True(body.Length - at >= 8, $"a torn frame header at byte {at}");
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(at + 4));
            Assert.True(body[at + 1] == 0 && body[at + 2] == 0 && body[at + 3] == 0, "header bytes 1-3 are zero");
            frames.Add(new Frame(body[at], Encoding.UTF8.GetString(body, at + 8, length)));
            at += 8 + length;
        }
        return frames;
    }

    /// <summary>Reads frames from a live stream until <paramref name="enough"/> says stop (bounded by the token).</summary>
    public static async Task<List<Frame>> ReadUntilAsync(Stream stream, Func<List<Frame>, bool> enough, CancellationToken cancellationToken)
    {
        var frames = new List<Frame>();
        var header = new byte[8];
        while (!enough(frames))
        {
            await stream.ReadExactlyAsync(header, cancellationToken);
            var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4))];
            await stream.ReadExactlyAsync(payload, cancellationToken);
            frames.Add(new Frame(header[0], Encoding.UTF8.GetString(payload)));
        }
        return frames;
    }
}
