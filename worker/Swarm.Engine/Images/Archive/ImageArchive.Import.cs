using Swarm.Engine.Images.Json;

namespace Swarm.Engine.Images.Archive;

// Import: a rootfs tar (plain or gzip) becomes a one-layer image.
public sealed partial class ImageArchive
{
    /// <summary>
    /// `docker import`: stores <paramref name="rootfs"/> as the only layer of a new linux/amd64 image with the given
    /// config, named <paramref name="reference"/> when one is given.
    /// </summary>
    public async Task<Image> ImportAsync(Stream rootfs, string? reference, ImageConfig? config, TimeProvider? time, CancellationToken cancellationToken)
    {
        var name = reference is null ? null : ImageReference.Parse(reference);
        var (blob, size) = await store.Content.PutAsync(rootfs, cancellationToken);
        using var pin = store.Pin([blob]);
        string mediaType;
        await using (var probe = store.Content.OpenRead(blob))
            mediaType = ImageAssembler.LayerMediaType(probe, dockerTypes: false);
        var diffId = await store.Layers.AddAsync(() => Layers.LayerCompression.OpenTar(store.Content.OpenRead(blob)), cancellationToken);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var document = new ConfigDocument
        {
            Created = now,
            Config = config ?? new ImageConfig(),
            RootFs = new RootFs { DiffIds = [diffId.ToString()] },
            History = [new HistoryEntry { Created = now, CreatedBy = "Imported from tarball" }],
        };
        var configDigest = await store.Content.PutAsync(ImageJson.Serialize(document), cancellationToken);
        return await ImageAssembler.AssembleAsync(store, configDigest, [new LayerBlob(blob, size, mediaType)], null,
            dockerTypes: false, name is null ? [] : [name], cancellationToken);
    }
}
