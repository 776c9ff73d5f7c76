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
        var byName = ImageReference.TryParse(reference, out var parsed) && !Digest.TryParse(reference, out _)
            && image.RepoTags.Concat(image.RepoDigests).Any(r => ImageReference.Parse(r).ToString() == parsed!.ToString());
        var untagged = new List<string>();
        var deleted = new List<Digest>();
        lock (refsLock)
        {
            var refs = repositories.RefsOf(image.Id).ToList();
            var tags = refs.Where(r => ImageReference.Parse(r).Digest is null).ToList();
            if (byName && (tags.Count > 1 || ImageReference.Parse(parsed!.ToString()).Digest is not null && tags.Count > 0))
            {
                // One of several names: only that name goes.
                repositories.Refs.Remove(parsed!.ToString());
                repositories.Save();
                return new ImageDeleteResult([parsed.FamiliarString], []);
            }
            if (!byName && tags.Count > 1 && !force)
                throw new ImageConflictException($"conflict: unable to delete {image.Id.Hex[..12]} (must be forced) - image is referenced in multiple repositories");
            var container = usage.ContainerUsing(image.Id);
            if (container is not null && !force)
                throw new ImageInUseException(byName ? reference : image.Id.Hex[..12], container);
            foreach (var r in refs)
            {
                repositories.Refs.Remove(r);
                untagged.Add(ImageReference.Parse(r).FamiliarString);
            }
            repositories.Save();
            if (container is null)
            {
                File.Delete(RecordPath(image.Id));
                deleted.Add(image.Id);
            }
        }
        if (deleted.Count > 0)
            await GarbageCollectAsync(cancellationToken);
        return new ImageDeleteResult(untagged, deleted);
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
        return new GarbageCollectResult(blobs, layers, bytes);
    }
}
