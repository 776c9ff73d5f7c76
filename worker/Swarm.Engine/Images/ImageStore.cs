using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Errors;
using Swarm.Engine.Images.Json;
using Swarm.Engine.Layers;

namespace Swarm.Engine.Images;

/// <summary>
/// The node's images under one data root: blobs (<see cref="ContentStore"/>), unpacked layers
/// (<see cref="LayerStore"/>), `images/&lt;id&gt;.json` records and the reference table. Pull, push, load, save and
/// import go through <see cref="RegistryClient"/> and <see cref="ImageArchive"/>; this type resolves, tags,
/// removes and collects garbage. One instance per data root (it clears half-unpacked layers when it starts).
/// </summary>
public sealed partial class ImageStore
{
    private readonly string imagesDir;
    private readonly IImageUsage usage;
    private readonly ILogger<ImageStore> logger;
    private readonly Lock refsLock = new();
    private Repositories repositories;

    public ImageStore(string root, IImageUsage? usage = null, ILogger<ImageStore>? logger = null)
    {
        Root = root;
        this.logger = logger ?? NullLogger<ImageStore>.Instance;
        this.usage = usage ?? NoImageUsage.Instance;
        imagesDir = Path.Combine(root, "images");
        Directory.CreateDirectory(imagesDir);
        Content = new ContentStore(root);
        Layers = new LayerStore(root);
        Layers.RemoveLeftovers();
        repositories = Repositories.Load(Path.Combine(imagesDir, "repositories.json"));
    }

    public string Root { get; }

    internal ContentStore Content { get; }

    internal LayerStore Layers { get; }

    /// <summary>
    /// `busybox`, `127.0.0.1:5000/busybox:1`, `name@sha256:…`, a full image id `sha256:…` or a unique id prefix.
    /// Throws <see cref="NotFoundException"/> when nothing matches.
    /// </summary>
    public async Task<Image> ResolveAsync(string reference, CancellationToken cancellationToken)
        => await TryResolveAsync(reference, cancellationToken)
           ?? throw new NotFoundException($"No such image: {reference}");

    public async Task<Image?> TryResolveAsync(string reference, CancellationToken cancellationToken)
    {
        var id = FindId(reference);
        return id is null ? null : await LoadImageAsync(id.Value, cancellationToken);
    }

    public async Task<IReadOnlyList<Image>> ListAsync(CancellationToken cancellationToken)
    {
        var images = new List<Image>();
        foreach (var file in Directory.EnumerateFiles(imagesDir, "*.json"))
        {
            var hex = Path.GetFileNameWithoutExtension(file);
            if (Digest.IsHex64(hex))
                images.Add(await LoadImageAsync(Digest.FromHex(hex), cancellationToken));
        }
        return images;
    }

    /// <summary>The raw manifest of an image (push and save send it as is, so digests stay stable).</summary>
    internal async Task<(byte[] Bytes, string MediaType, Digest Digest)> ManifestOfAsync(Digest imageId, CancellationToken cancellationToken)
    {
        var record = ReadRecord(imageId) ?? throw new NotFoundException($"No such image: {imageId}");
        var digest = Digest.Parse(record.ManifestDigest);
        return (await Content.ReadAllBytesAsync(digest, cancellationToken), record.ManifestMediaType, digest);
    }

    private Digest? FindId(string reference)
    {
        if (Digest.TryParse(reference, out var full))
            return File.Exists(RecordPath(full)) ? full : null;
        lock (refsLock)
        {
            if (ImageReference.TryParse(reference, out var parsed) && repositories.Refs.TryGetValue(parsed!.ToString(), out var id))
                return Digest.Parse(id);
        }
        if (reference.Length is >= 4 and < 64 && reference.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
        {
            var matches = Directory.EnumerateFiles(imagesDir, reference + "*.json")
                .Select(Path.GetFileNameWithoutExtension).Where(h => Digest.IsHex64(h!)).ToList();
            if (matches.Count > 1)
                throw new InvalidSpecException($"image id prefix {reference} is ambiguous");
            if (matches.Count == 1)
                return Digest.FromHex(matches[0]!);
        }
        return null;
    }

    private async Task<Image> LoadImageAsync(Digest id, CancellationToken cancellationToken)
    {
        var record = ReadRecord(id) ?? throw new NotFoundException($"No such image: {id}");
        var config = ImageJson.Parse<ConfigDocument>(await Content.ReadAllBytesAsync(id, cancellationToken), "image config");
        var diffIds = config.RootFs.DiffIds.Select(Digest.Parse).ToList();
        var dirs = new List<string>(diffIds.Count);
        for (var i = diffIds.Count - 1; i >= 0; i--)
            dirs.Add(Layers.DirOf(diffIds[i]) ?? throw new InvalidImageException($"image {id}: layer {diffIds[i]} is not unpacked"));
        List<string> tags = [], digests = [];
        lock (refsLock)
        {
            foreach (var name in repositories.RefsOf(id))
            {
                var parsed = ImageReference.Parse(name);
                (parsed.Digest is null ? tags : digests).Add(parsed.FamiliarString);
            }
        }
        return new Image(id, tags, digests, config.Config ?? new ImageConfig(), diffIds, dirs,
            Digest.Parse(record.ManifestDigest), config.Created, config.Os, config.Architecture,
            diffIds.Sum(Layers.SizeOf));
    }

    private ImageRecord? ReadRecord(Digest id)
    {
        var path = RecordPath(id);
        return File.Exists(path) ? ImageJson.Parse<ImageRecord>(File.ReadAllBytes(path), "image record") : null;
    }

    private string RecordPath(Digest id) => Path.Combine(imagesDir, id.Hex + ".json");
}
