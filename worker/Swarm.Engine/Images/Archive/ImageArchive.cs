using Swarm.Engine.Images.Json;

namespace Swarm.Engine.Images.Archive;

/// <summary>
/// `docker load`, `docker save` and `docker import` for an <see cref="ImageStore"/>. Load reads docker-save
/// archives (`manifest.json`, old and new layouts) and OCI image layouts (`oci-layout`, `index.json`, `blobs/`);
/// save writes both at once, as Docker 25 does; import turns a rootfs tar into a one-layer image.
/// </summary>
public sealed partial class ImageArchive(ImageStore store)
{
    private const string DockerManifestFile = "manifest.json";
    private const string OciIndexFile = "index.json";
    private const string OciLayoutFile = "oci-layout";
    private const string ContainerdNameAnnotation = "io.containerd.image.name";
    private const string OciRefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>Loads every image of a tar archive; returns them in archive order.</summary>
    public async Task<IReadOnlyList<Image>> LoadAsync(Stream archive, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(store.Root, "tmp");
        Directory.CreateDirectory(temp);
        using var files = await ArchiveFiles.ExtractAsync(archive, temp, cancellationToken);
        if (files.Contains(DockerManifestFile))
            return await LoadDockerAsync(files, cancellationToken);
        if (files.Contains(OciIndexFile) && files.Contains(OciLayoutFile))
            return await LoadOciAsync(files, cancellationToken);
        throw new InvalidImageException("not an image archive: no manifest.json (docker save) or oci-layout + index.json (OCI)");
    }

    private async Task<IReadOnlyList<Image>> LoadDockerAsync(ArchiveFiles files, CancellationToken cancellationToken)
    {
        var entries = ImageJson.Parse<DockerSaveEntry[]>(await files.ReadAllBytesAsync(DockerManifestFile, cancellationToken), "manifest.json");
        var images = new List<Image>();
        foreach (var entry in entries)
        {
            var configDigest = await store.Content.PutAsync(await files.ReadAllBytesAsync(entry.Config, cancellationToken), cancellationToken);
            using var pin = store.Pin([configDigest]);
            var layers = new List<LayerBlob>();
            foreach (var layer in entry.Layers)
                layers.Add(await PutLayerAsync(() => files.Open(layer), dockerTypes: true, cancellationToken));
            var names = (entry.RepoTags ?? []).Select(ImageReference.Parse).ToList();
            images.Add(await ImageAssembler.AssembleAsync(store, configDigest, layers, null, dockerTypes: true, names, cancellationToken));
        }
        return images;
    }

    private async Task<IReadOnlyList<Image>> LoadOciAsync(ArchiveFiles files, CancellationToken cancellationToken)
    {
        var index = ImageJson.Parse<IndexDocument>(await files.ReadAllBytesAsync(OciIndexFile, cancellationToken), "index.json");
        var images = new List<Image>();
        foreach (var descriptor in index.Manifests ?? [])
        {
            var chosen = descriptor;
            if (MediaTypes.IsIndex(descriptor.MediaType))
            {
                var inner = ImageJson.Parse<IndexDocument>(await ReadBlobAsync(files, descriptor.Digest, cancellationToken), "index");
                chosen = Registry.PlatformSelector.Select(inner, descriptor.Digest);
            }
            if (!MediaTypes.IsManifest(chosen.MediaType))
                continue;
            var manifestBytes = await ReadBlobAsync(files, chosen.Digest, cancellationToken);
            var manifest = ImageJson.Parse<ManifestDocument>(manifestBytes, "manifest");
            var configDigest = Digest.Parse(manifest.Config?.Digest ?? throw new InvalidImageException("manifest has no config"));
            await store.Content.PutAsync(await ReadBlobAsync(files, configDigest.ToString(), cancellationToken), cancellationToken);
            using var pin = store.Pin([configDigest]);
            var layers = new List<LayerBlob>();
            foreach (var layer in manifest.Layers ?? [])
            {
                var blob = await PutLayerAsync(() => files.Open(BlobPath(layer.Digest)), dockerTypes: false, cancellationToken);
                if (blob.Digest.ToString() != layer.Digest)
                    throw new InvalidImageException($"archive blob {layer.Digest} has digest {blob.Digest}");
                layers.Add(blob with { MediaType = layer.MediaType });
            }
            var names = NameOf(descriptor) is { } name ? new[] { name } : [];
            images.Add(await ImageAssembler.AssembleAsync(store, configDigest, layers, (manifestBytes, chosen.MediaType),
                dockerTypes: false, names, cancellationToken));
        }
        return images;
    }

    /// <summary>A full name from containerd's annotation, or from the OCI ref name when it is a name, not a bare tag.</summary>
    private static ImageReference? NameOf(Descriptor descriptor)
    {
        var annotations = descriptor.Annotations ?? [];
        if (annotations.TryGetValue(ContainerdNameAnnotation, out var full) && ImageReference.TryParse(full, out var parsed))
            return parsed;
        if (annotations.TryGetValue(OciRefNameAnnotation, out var refName) && refName.Contains(':', StringComparison.Ordinal)
            && ImageReference.TryParse(refName, out parsed))
            return parsed;
        return null;
    }

    private async Task<LayerBlob> PutLayerAsync(Func<Stream> open, bool dockerTypes, CancellationToken cancellationToken)
    {
        string mediaType;
        await using (var probe = open())
            mediaType = ImageAssembler.LayerMediaType(probe, dockerTypes);
        await using var stream = open();
        var (digest, size) = await store.Content.PutAsync(stream, cancellationToken);
        return new LayerBlob(digest, size, mediaType);
    }

    private static async Task<byte[]> ReadBlobAsync(ArchiveFiles files, string digest, CancellationToken cancellationToken)
    {
        var bytes = await files.ReadAllBytesAsync(BlobPath(digest), cancellationToken);
        if (Digest.Of(bytes).ToString() != digest)
            throw new InvalidImageException($"archive blob {digest} does not match its digest");
        return bytes;
    }

    private static string BlobPath(string digest) => "blobs/sha256/" + Digest.Parse(digest).Hex;
}
