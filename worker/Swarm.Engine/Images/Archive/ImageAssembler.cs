using Swarm.Engine.Images.Json;
using Swarm.Engine.Layers;

namespace Swarm.Engine.Images.Archive;

/// <summary>
/// The common end of load and import: with the config and layer blobs in the content store, unpack each layer
/// (verifying the config's DiffIDs), store a manifest (the given one, or a new one), register the names.
/// </summary>
internal static class ImageAssembler
{
    public static async Task<Image> AssembleAsync(ImageStore store, Digest configDigest, IReadOnlyList<LayerBlob> layers,
        (byte[] Bytes, string MediaType)? manifest, bool dockerTypes, IEnumerable<ImageReference> names, CancellationToken cancellationToken)
    {
        var configBytes = await store.Content.ReadAllBytesAsync(configDigest, cancellationToken);
        var config = ImageJson.Parse<ConfigDocument>(configBytes, "image config");
        var diffIds = config.RootFs.DiffIds.Select(Digest.Parse).ToList();
        if (diffIds.Count != layers.Count)
            throw new InvalidImageException($"the image config lists {diffIds.Count} layers, the archive has {layers.Count}");
        using var pin = store.Pin([configDigest, .. layers.Select(l => l.Digest), .. diffIds]);
        for (var i = 0; i < layers.Count; i++)
        {
            var blob = layers[i].Digest;
            await store.Layers.EnsureAsync(diffIds[i], () => LayerCompression.OpenTar(store.Content.OpenRead(blob)), cancellationToken);
        }
        var (bytes, mediaType) = manifest ?? NewManifest(configDigest, configBytes.Length, layers, dockerTypes);
        var manifestDigest = await store.Content.PutAsync(bytes, cancellationToken);
        using var manifestPin = store.Pin([manifestDigest]);
        return await store.RegisterAsync(manifestDigest, mediaType, names, cancellationToken);
    }

    /// <summary>The media type a layer blob deserves, from its first bytes.</summary>
    public static string LayerMediaType(Stream blob, bool dockerTypes)
    {
        Span<byte> head = stackalloc byte[4];
        var n = blob.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        var gzip = LayerCompression.IsGzip(head[..n]);
        if (LayerCompression.IsZstd(head[..n]))
            throw new InvalidImageException("zstd-compressed layers are not supported");
        return (gzip, dockerTypes) switch
        {
            (true, true) => MediaTypes.DockerLayerGzip,
            (false, true) => MediaTypes.DockerLayer,
            (true, false) => MediaTypes.OciLayerGzip,
            _ => MediaTypes.OciLayer,
        };
    }

    private static (byte[], string) NewManifest(Digest configDigest, long configSize, IReadOnlyList<LayerBlob> layers, bool dockerTypes)
    {
        var mediaType = dockerTypes ? MediaTypes.DockerManifest : MediaTypes.OciManifest;
        var document = new ManifestDocument
        {
            MediaType = mediaType,
            Config = new Descriptor
            {
                MediaType = dockerTypes ? MediaTypes.DockerConfig : MediaTypes.OciConfig,
                Digest = configDigest.ToString(),
                Size = configSize,
            },
            Layers = layers.Select(l => new Descriptor { MediaType = l.MediaType, Digest = l.Digest.ToString(), Size = l.Size }).ToArray(),
        };
        return (ImageJson.Serialize(document), mediaType);
    }
}
