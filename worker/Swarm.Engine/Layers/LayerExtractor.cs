using System.Formats.Tar;
using System.Text;
using Swarm.Engine.Images;

namespace Swarm.Engine.Layers;

/// <summary>
/// Unpacks one layer tar into an empty directory, in the overlayfs layout: `.wh.&lt;name&gt;` becomes a 0/0 character
/// device and `.wh..wh..opq` the xattr `trusted.overlay.opaque=y` on its directory.
/// Containment: names with `..` or a leading `/` are refused; every parent directory is checked with lstat and an
/// entry whose parent is a symlink is refused (the layer is a fresh private directory and this is its only writer,
/// so the checks cannot race); the final component is always unlinked before it is created, so no write follows a
/// symlink; hard links may only point at entries inside the layer.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class LayerExtractor(string root)
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private static readonly byte[] OpaqueValue = "y"u8.ToArray();

    private readonly HashSet<string> knownDirs = new(StringComparer.Ordinal) { "" };
    private readonly List<(string Path, DateTimeOffset Modified)> dirTimes = [];

    /// <summary>Extracts the uncompressed tar stream and returns its DiffID (sha256 of every byte, padding too).</summary>
    public async Task<(Digest DiffId, long Size)> ExtractAsync(Stream tar, CancellationToken cancellationToken)
    {
        using var hashing = new HashingReadStream(tar);
        long size = 0;
        await using (var reader = new TarReader(hashing, leaveOpen: true))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                size += entry.Length;
                await ApplyAsync(entry, cancellationToken);
            }
        }
        // Parents got their mtimes changed by their children: set directory times last, deepest first.
        foreach (var (path, modified) in dirTimes.OrderByDescending(d => d.Path.Length))
            LayerSyscalls.SetTimes(path, modified);
        return (await hashing.FinishAsync(cancellationToken), size);
    }

    private async Task ApplyAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes or TarEntryType.LongLink or TarEntryType.LongPath)
            return;
        var parts = LayerPath.Split(entry.Name);
        if (parts.Length == 0)
            return; // "./": the layer root itself
        var parent = string.Join('/', parts[..^1]);
        var name = parts[^1];
        var parentPath = EnsureParent(parent, entry.Name);

        if (name == OpaqueMarker)
        {
            LayerSyscalls.SetXattr(parentPath, "trusted.overlay.opaque", OpaqueValue);
            return;
        }
        if (name.StartsWith(WhiteoutPrefix + WhiteoutPrefix, StringComparison.Ordinal))
            return; // other AUFS metadata (.wh..wh.plnk etc.) has no overlayfs meaning
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            var hidden = name[WhiteoutPrefix.Length..];
            if (hidden is "" or "." or "..")
                throw new InvalidImageException($"layer entry \"{entry.Name}\" is a malformed whiteout");
            var whiteout = Path.Combine(parentPath, hidden);
            RemoveExisting(Join(parent, hidden), whiteout, keepDirectory: false);
            LayerSyscalls.MakeNode(whiteout, LayerSyscalls.SIfChr, 0, 0);
            return;
        }

        var relative = Join(parent, name);
        var path = Path.Combine(parentPath, name);
        var isDir = entry.EntryType == TarEntryType.Directory;
        RemoveExisting(relative, path, keepDirectory: isDir);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                Directory.CreateDirectory(path);
                knownDirs.Add(relative);
                dirTimes.Add((path, entry.ModificationTime));
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.None))
                {
                    if (entry.DataStream is { } data)
                        await data.CopyToAsync(file, cancellationToken);
                }
                break;
            case TarEntryType.SymbolicLink:
                File.CreateSymbolicLink(path, entry.LinkName);
                break;
            case TarEntryType.HardLink:
                LayerSyscalls.HardLink(ResolveLinkTarget(entry), path);
                return; // a hard link shares the target's inode and metadata
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                var type = entry.EntryType switch
                {
                    TarEntryType.CharacterDevice => LayerSyscalls.SIfChr,
                    TarEntryType.BlockDevice => LayerSyscalls.SIfBlk,
                    _ => LayerSyscalls.SIfIfo,
                };
                var (major, minor) = entry is PosixTarEntry p ? (p.DeviceMajor, p.DeviceMinor) : (0, 0);
                LayerSyscalls.MakeNode(path, type | 0x180 /* 0600 */, major, minor);
                break;
            default:
                throw new InvalidImageException($"layer entry \"{entry.Name}\" has unsupported type {entry.EntryType}");
        }
        ApplyMetadata(entry, path, isDir);
    }

    private static void ApplyMetadata(TarEntry entry, string path, bool isDir)
    {
        var (uid, gid) = entry is PosixTarEntry posix ? (posix.Uid, posix.Gid) : (0, 0);
        LayerSyscalls.Chown(path, uid, gid);
        if (entry.EntryType != TarEntryType.SymbolicLink)
        {
            // chown clears set-id bits, so the mode comes after it.
            File.SetUnixFileMode(path, entry.Mode);
            if (entry is PaxTarEntry pax)
                ApplyXattrs(pax, path);
        }
        if (!isDir)
            LayerSyscalls.SetTimes(path, entry.ModificationTime);
    }

    private static void ApplyXattrs(PaxTarEntry pax, string path)
    {
        foreach (var (key, value) in pax.ExtendedAttributes)
        {
            const string prefix = "SCHILY.xattr.";
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            var name = key[prefix.Length..];
            // Only namespaces a container may carry; trusted.* would let a layer forge overlay metadata.
            if (name.StartsWith("user.", StringComparison.Ordinal) || name.StartsWith("security.", StringComparison.Ordinal))
                LayerSyscalls.SetXattr(path, name, Encoding.Latin1.GetBytes(value));
        }
    }

    private string ResolveLinkTarget(TarEntry entry)
    {
        var parts = LayerPath.Split(entry.LinkName);
        if (parts.Length == 0)
            throw new InvalidImageException($"layer entry \"{entry.Name}\" is a hard link to the layer root");
        var target = Path.Combine(CheckParents(parts[..^1], entry.Name), parts[^1]);
        if (!Exists(target))
            throw new InvalidImageException($"layer entry \"{entry.Name}\" links to \"{entry.LinkName}\", which is not in the layer");
        if (Directory.Exists(target) && new FileInfo(target).LinkTarget is null)
            throw new InvalidImageException($"layer entry \"{entry.Name}\" is a hard link to a directory");
        return target;
    }

    /// <summary>Creates missing parents as 0755 root directories; refuses a parent that is a symlink or a file.</summary>
    private string EnsureParent(string relative, string entryName)
    {
        if (knownDirs.Contains(relative))
            return relative.Length == 0 ? root : Path.Combine(root, relative);
        var current = root;
        var soFar = "";
        foreach (var part in relative.Split('/'))
        {
            soFar = Join(soFar, part);
            current = Path.Combine(current, part);
            if (knownDirs.Contains(soFar))
                continue;
            CheckDirectory(current, entryName, create: true);
            knownDirs.Add(soFar);
        }
        return current;
    }

    private string CheckParents(string[] parts, string entryName)
    {
        var current = root;
        foreach (var part in parts)
        {
            current = Path.Combine(current, part);
            CheckDirectory(current, entryName, create: false);
        }
        return current;
    }

    private static void CheckDirectory(string path, string entryName, bool create)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
            throw new InvalidImageException($"layer entry \"{entryName}\" would be written through the symlink \"{path}\"");
        if (Directory.Exists(path))
            return;
        if (File.Exists(path) || !create)
            throw new InvalidImageException($"layer entry \"{entryName}\" has a parent that is not a directory");
        Directory.CreateDirectory(path);
    }

    /// <summary>Later entries replace earlier ones; a directory stays when a directory entry repeats it.</summary>
    private void RemoveExisting(string relative, string path, bool keepDirectory)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null && Directory.Exists(path))
        {
            if (keepDirectory)
                return;
            Directory.Delete(path, recursive: true);
            knownDirs.RemoveWhere(d => d == relative || d.StartsWith(relative + "/", StringComparison.Ordinal));
        }
        else if (info.LinkTarget is not null || Exists(path))
        {
            File.Delete(path);
        }
    }

    private static bool Exists(string path)
    {
        try
        {
            _ = File.GetAttributes(path);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    private static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "/" + name;
}
