using Swarm.Api.Errors;
using Swarm.Engine.Images.Json;

namespace Swarm.Engine.Images;

// Tag, remove and garbage collection.
public sealed partial class ImageStore
{
    /// <summary>`docker tag source target`: target (a name with a tag) now names the image source resolves to.</summary>
    public async Task TagAsync(string source, string target, CancellationToken cancellationToken)
    {
        var image = await ResolveAsync(source, cancellationToken);
        var reference = ImageReference.Parse(target);
        if (reference.Digest is not null)
            throw new InvalidSpecException($"refusing to create a tag with a digest reference: {target}");
        lock (refsLock)
        {
            if (!File.Exists(RecordPath(image.Id)))
                throw new NotFoundException($"No such image: {source}");
            repositories.Refs[reference.ToString()] = image.Id.ToString();
            repositories.Save();
        }
    }

    /// <summary>
    /// `docker rmi`: a name that is one of several references of its image only untags. Deleting the image itself
    /// (its last name, or its id) is refused while a container uses it unless <paramref name="force"/>; forced, the
    /// names go but the image stays until no container uses it. A deleted image's unshared layers are collected.
    /// </summary>
    public async Task<ImageDeleteResult> RemoveAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        var image = await ResolveAsync(reference, cancellationToken);
        var name = NameUsed(reference, image);
        var container = usage.ContainerUsing(image.Id);
        var untagged = new List<string>();
        lock (refsLock)
        {
            var refs = repositories.RefsOf(image.Id).ToList();
            var tags = refs.Where(r => ImageReference.Parse(r).Digest is null).ToList();
            if (name is not null && tags.Any(t => t != name))
            {
                // Other tags keep the image: only this name goes, whether or not a container uses the image.
                repositories.Refs.Remove(name);
                repositories.Save();
                return new ImageDeleteResult([ImageReference.Parse(name).FamiliarString], []);
            }
            if (name is null && tags.Count > 1 && !force)
                throw new ImageConflictException($"conflict: unable to delete {image.Id.Hex[..12]} (must be forced) - image is referenced in multiple repositories");
            if (container is not null && !force)
                throw new ImageInUseException(name is null ? image.Id.Hex[..12] : reference, container);
            foreach (var r in refs)
            {
                repositories.Refs.Remove(r);
                untagged.Add(ImageReference.Parse(r).FamiliarString);
            }
            repositories.Save();
            if (container is not null)
                return new ImageDeleteResult(untagged, []); // forced: nameless, kept until its container goes
            File.Delete(RecordPath(image.Id));
        }
        LogDeleted(image.Id, string.Join(", ", untagged));
        await GarbageCollectAsync(cancellationToken);
        return new ImageDeleteResult(untagged, [image.Id]);
    }

    /// <summary>The full reference string when <paramref name="reference"/> named the image (not its id).</summary>
    private static string? NameUsed(string reference, Image image)
    {
        if (Digest.TryParse(reference, out _) || !ImageReference.TryParse(reference, out var parsed))
            return null;
        var full = parsed!.ToString();
        return image.RepoTags.Concat(image.RepoDigests).Any(r => ImageReference.Parse(r).ToString() == full) ? full : null;
    }

    /// <summary>
    /// Deletes every blob and unpacked layer no image record references (mark and sweep), except what an
    /// operation in flight has pinned. Also drops partial downloads when nothing is in flight.
    /// </summary>
    public async Task<GarbageCollectResult> GarbageCollectAsync(CancellationToken cancellationToken)
    {
        var liveBlobs = new HashSet<Digest>();
        var liveLayers = new HashSet<Digest>();
        foreach (var file in Directory.EnumerateFiles(imagesDir, "*.json"))
        {
            var hex = Path.GetFileNameWithoutExtension(file);
            if (!Digest.IsHex64(hex) || ReadRecord(Digest.FromHex(hex)) is not { } record)
                continue;
            var id = Digest.FromHex(hex);
            var manifestDigest = Digest.Parse(record.ManifestDigest);
            liveBlobs.Add(id);
            liveBlobs.Add(manifestDigest);
            var manifest = ImageJson.Parse<ManifestDocument>(await Content.ReadAllBytesAsync(manifestDigest, cancellationToken), "manifest");
            foreach (var layer in manifest.Layers ?? [])
                liveBlobs.Add(Digest.Parse(layer.Digest));
            var config = ImageJson.Parse<ConfigDocument>(await Content.ReadAllBytesAsync(id, cancellationToken), "image config");
            foreach (var diffId in config.RootFs.DiffIds)
                liveLayers.Add(Digest.Parse(diffId));
        }
        int blobs = 0, layers = 0;
        long bytes = 0;
        foreach (var blob in Content.Enumerate().ToList())
        {
            if (liveBlobs.Contains(blob) || pins.ContainsKey(blob))
                continue;
            bytes += Content.SizeOf(blob);
            Content.Delete(blob);
            blobs++;
        }
        foreach (var layer in Layers.Enumerate().ToList())
        {
            if (liveLayers.Contains(layer) || pins.ContainsKey(layer))
                continue;
            Layers.Remove(layer);
            layers++;
        }
        if (pins.IsEmpty)
            Content.ClearIngest();
        if (blobs + layers > 0)
            LogCollected(blobs, bytes, layers);
        return new GarbageCollectResult(blobs, layers, bytes);
    }
}
