using System.Collections.Concurrent;
using System.Security.Cryptography;
using Swarm.Engine.Images;

namespace Swarm.Engine.Layers;

/// <summary>
/// Unpacked layers, one per DiffID, shared by every image that has it: `&lt;root&gt;/layers/&lt;short&gt;/diff` (a short
/// random id keeps overlay lowerdir strings small) plus `&lt;root&gt;/layers/by-diffid/&lt;hex&gt;` naming the short id.
/// A layer is unpacked into `tmp-*` and renamed; the index file is written last, so a half-unpacked layer never
/// becomes visible. Concurrent requests for one DiffID in this process unpack it once.
/// </summary>
public sealed class LayerStore
{
    private readonly string layers;
    private readonly string index;
    private readonly ConcurrentDictionary<Digest, SemaphoreSlim> locks = new();

    public LayerStore(string root)
    {
        layers = Path.Combine(root, "layers");
        index = Path.Combine(layers, "by-diffid");
        Directory.CreateDirectory(index);
    }

    /// <summary>The `diff` directory of an unpacked layer (an overlay lowerdir), or null when it is not here.</summary>
    public string? DirOf(Digest diffId)
    {
        var shortId = ShortIdOf(diffId);
        return shortId is null ? null : Path.Combine(layers, shortId, "diff");
    }

    public bool Exists(Digest diffId) => ShortIdOf(diffId) is not null;

    /// <summary>Bytes of file content the layer unpacked to (Docker's image Size sums these), 0 if unknown.</summary>
    public long SizeOf(Digest diffId)
    {
        var shortId = ShortIdOf(diffId);
        var file = shortId is null ? null : Path.Combine(layers, shortId, "size");
        return file is not null && File.Exists(file) && long.TryParse(File.ReadAllText(file), out var size) ? size : 0;
    }

    /// <summary>
    /// Unpacks a layer unless it is already here. <paramref name="openTar"/> gives the UNCOMPRESSED tar stream; its
    /// sha256 must equal <paramref name="diffId"/> or nothing is kept. Returns false if the layer was already there.
    /// </summary>
    public async Task<bool> EnsureAsync(Digest diffId, Func<Stream> openTar, CancellationToken cancellationToken)
    {
        if (Exists(diffId))
            return false;
        var gate = locks.GetOrAdd(diffId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Exists(diffId))
                return false;
            var (actual, _, work) = await UnpackAsync(openTar, cancellationToken);
            if (actual != diffId)
            {
                Directory.Delete(work, recursive: true);
                throw new InvalidImageException($"layer DiffID mismatch: expected {diffId}, got {actual}");
            }
            Publish(diffId, work);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Unpacks a layer whose DiffID is learnt while reading (import); returns it.</summary>
    public async Task<Digest> AddAsync(Func<Stream> openTar, CancellationToken cancellationToken)
    {
        var (diffId, _, work) = await UnpackAsync(openTar, cancellationToken);
        var gate = locks.GetOrAdd(diffId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Exists(diffId))
                Directory.Delete(work, recursive: true);
            else
                Publish(diffId, work);
            return diffId;
        }
        finally
        {
            gate.Release();
        }
    }

    public IEnumerable<Digest> Enumerate()
    {
        foreach (var file in Directory.EnumerateFiles(index))
        {
            var name = Path.GetFileName(file);
            if (Digest.IsHex64(name))
                yield return Digest.FromHex(name);
        }
    }

    /// <summary>Deletes an unpacked layer (GC only: the caller knows no image references it).</summary>
    public void Remove(Digest diffId)
    {
        var shortId = ShortIdOf(diffId);
        File.Delete(Path.Combine(index, diffId.Hex));
        if (shortId is not null && Directory.Exists(Path.Combine(layers, shortId)))
            Directory.Delete(Path.Combine(layers, shortId), recursive: true);
    }

    /// <summary>Removes unpack directories left by a crash mid-unpack.</summary>
    public void RemoveLeftovers()
    {
        foreach (var dir in Directory.EnumerateDirectories(layers, "tmp-*"))
            Directory.Delete(dir, recursive: true);
    }

    private async Task<(Digest DiffId, long Size, string Work)> UnpackAsync(Func<Stream> openTar, CancellationToken cancellationToken)
    {
        var work = Path.Combine(layers, "tmp-" + NewShortId());
        var diff = Path.Combine(work, "diff");
        Directory.CreateDirectory(diff);
        try
        {
            if (!OperatingSystem.IsLinux())
                throw new PlatformNotSupportedException("layers are unpacked for overlayfs, on Linux only");
            await using var tar = openTar();
            var (diffId, size) = await new LayerExtractor(diff).ExtractAsync(tar, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(work, "diffid"), diffId.ToString(), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(work, "size"), size.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            return (diffId, size, work);
        }
        catch
        {
            Directory.Delete(work, recursive: true);
            throw;
        }
    }

    private void Publish(Digest diffId, string work)
    {
        var shortId = NewShortId();
        Directory.Move(work, Path.Combine(layers, shortId));
        var temp = Path.Combine(index, "." + diffId.Hex + ".tmp");
        File.WriteAllText(temp, shortId);
        File.Move(temp, Path.Combine(index, diffId.Hex), overwrite: true);
    }

    private string? ShortIdOf(Digest diffId)
    {
        try
        {
            // Only a well-formed id is used as a path: an empty or damaged index file must never make a caller
            // (Remove, above all) act on the layers directory itself.
            var shortId = File.ReadAllText(Path.Combine(index, diffId.Hex)).Trim();
            return shortId.Length == ShortIdLength && shortId.All(ShortIdAlphabet.Contains) ? shortId : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private const string ShortIdAlphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int ShortIdLength = 12;

    private static string NewShortId() => RandomNumberGenerator.GetString(ShortIdAlphabet, ShortIdLength);
}
