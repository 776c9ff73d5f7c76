using System.Formats.Tar;
using Swarm.Engine.Layers;

namespace Swarm.Engine.Images.Archive;

/// <summary>
/// The regular files of an image archive, unpacked flat into a private temp dir (names never become paths, so a
/// hostile archive cannot write anywhere), with the archive's symlinks (old docker-save shares layer.tar files
/// that way) resolved by name.
/// </summary>
internal sealed class ArchiveFiles : IDisposable
{
    private readonly string dir;
    private readonly Dictionary<string, string> files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> links = new(StringComparer.Ordinal);

    private ArchiveFiles(string dir) => this.dir = dir;

    public static async Task<ArchiveFiles> ExtractAsync(Stream tar, string tempParent, CancellationToken cancellationToken)
    {
        var archive = new ArchiveFiles(Path.Combine(tempParent, "load-" + Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(archive.dir);
        try
        {
            await using var reader = new TarReader(tar, leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                var name = Normalize(entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        var path = Path.Combine(archive.dir, "f" + archive.files.Count);
                        await using (var file = File.Create(path))
                        {
                            if (entry.DataStream is { } data)
                                await data.CopyToAsync(file, cancellationToken);
                        }
                        archive.files[name] = path;
                        break;
                    case TarEntryType.SymbolicLink:
                        var slash = name.LastIndexOf('/');
                        archive.links[name] = Normalize((slash < 0 ? "" : name[..(slash + 1)]) + entry.LinkName, allowDotDot: true);
                        break;
                    case TarEntryType.HardLink:
                        archive.links[name] = Normalize(entry.LinkName);
                        break;
                }
            }
            return archive;
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => PathOf(name) is not null;

    public string? PathOf(string name)
    {
        var current = Normalize(name, allowDotDot: true);
        for (var hops = 0; hops < 16; hops++)
        {
            if (files.TryGetValue(current, out var path))
                return path;
            if (!links.TryGetValue(current, out var next))
                return null;
            current = next;
        }
        return null;
    }

    public Stream Open(string name)
        => PathOf(name) is { } path
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16)
            : throw new InvalidImageException($"the archive has no file \"{name}\"");

    public async Task<byte[]> ReadAllBytesAsync(string name, CancellationToken cancellationToken)
        => PathOf(name) is { } path
            ? await File.ReadAllBytesAsync(path, cancellationToken)
            : throw new InvalidImageException($"the archive has no file \"{name}\"");

    public void Dispose()
    {
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
    }

    /// <summary>Archive-relative name with `.` and empty parts dropped; `..` may only cancel an earlier part.</summary>
    private static string Normalize(string name, bool allowDotDot = false)
    {
        if (!allowDotDot)
            return string.Join('/', LayerPath.Split(name.TrimStart('/')));
        var parts = new List<string>();
        foreach (var part in name.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
                continue;
            if (part == "..")
            {
                if (parts.Count == 0)
                    throw new InvalidImageException($"archive link \"{name}\" points outside the archive");
                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }
}
