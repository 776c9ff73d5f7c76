using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Swarm.Testing.Images;

/// <summary>Builds a layer tar in memory, entry by entry, including hostile entries extraction must refuse.</summary>
public sealed class LayerTarBuilder
{
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly MemoryStream buffer = new();
    private readonly TarWriter writer;

    public LayerTarBuilder() => writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true);

    public LayerTarBuilder Dir(string name, UnixFileMode mode = (UnixFileMode)0x1ed /* 0755 */)
        => Add(new PaxTarEntry(TarEntryType.Directory, name) { Mode = mode, ModificationTime = Epoch });

    public LayerTarBuilder File(string name, string content, UnixFileMode mode = (UnixFileMode)0x1a4 /* 0644 */, int uid = 0, int gid = 0)
        => File(name, Encoding.UTF8.GetBytes(content), mode, uid, gid);

    public LayerTarBuilder File(string name, byte[] content, UnixFileMode mode = (UnixFileMode)0x1a4, int uid = 0, int gid = 0)
        => Add(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = mode, Uid = uid, Gid = gid, ModificationTime = Epoch, DataStream = new MemoryStream(content),
        });

    public LayerTarBuilder Symlink(string name, string target)
        => Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, Mode = (UnixFileMode)0x1ff, ModificationTime = Epoch });

    public LayerTarBuilder HardLink(string name, string target)
        => Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target, ModificationTime = Epoch });

    /// <summary>Marks <paramref name="path"/> deleted in this layer (`dir/.wh.name`).</summary>
    public LayerTarBuilder Whiteout(string path)
    {
        var slash = path.LastIndexOf('/');
        var name = slash < 0 ? ".wh." + path : path[..(slash + 1)] + ".wh." + path[(slash + 1)..];
        return File(name, "", (UnixFileMode)0x1a4);
    }

    /// <summary>Hides everything lower layers have in <paramref name="dir"/> (`dir/.wh..wh..opq`).</summary>
    public LayerTarBuilder Opaque(string dir) => File(dir.TrimEnd('/') + "/.wh..wh..opq", "");

    private LayerTarBuilder Add(TarEntry entry)
    {
        writer.WriteEntry(entry);
        return this;
    }

    /// <summary>The finished, uncompressed tar.</summary>
    public byte[] Build()
    {
        writer.Dispose();
        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] tar)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(tar);
        return output.ToArray();
    }

    public static string Sha256(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));
}
