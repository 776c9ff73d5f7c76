using System.IO.Compression;
using Swarm.Engine.Images;

namespace Swarm.Engine.Layers;

/// <summary>Detects a layer blob's compression by its magic bytes (media types lie often enough) and unwraps it.</summary>
internal static class LayerCompression
{
    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b;

    public static bool IsZstd(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd;

    /// <summary>The uncompressed tar stream of a blob stream (which it takes ownership of; seekable or not).</summary>
    public static Stream OpenTar(Stream blob)
    {
        var head = new byte[4];
        var n = blob.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        if (blob.CanSeek)
            blob.Position = 0;
        else
            blob = new PrefixedStream(head[..n], blob);
        if (IsGzip(head.AsSpan(0, n)))
            return new GZipStream(blob, CompressionMode.Decompress, leaveOpen: false);
        if (IsZstd(head.AsSpan(0, n)))
        {
            blob.Dispose();
            throw new InvalidImageException("zstd-compressed layers are not supported");
        }
        return blob;
    }
}
