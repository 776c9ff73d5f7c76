using System.Collections.Concurrent;
using Swarm.Engine.Images.Json;

namespace Swarm.Engine.Images;

// Registration: pull, load and import end here once every blob and layer is in place.
public sealed partial class ImageStore
{
    private readonly ConcurrentDictionary<Digest, int> pins = new();

    /// <summary>
    /// Protects blobs and layers an operation is still writing from a concurrent garbage collection; dispose when
    /// the image is registered (or the operation failed).
    /// </summary>
    internal IDisposable Pin(IEnumerable<Digest> digests)
    {
        var list = digests.ToList();
        foreach (var d in list)
            pins.AddOrUpdate(d, 1, (_, n) => n + 1);
        return new Unpin(this, list);
    }

    /// <summary>
    /// Records an image whose manifest, config, layer blobs and unpacked layers are all present, and points the
    /// given references at it (moving them off any image they named before).
    /// </summary>
    internal async Task<Image> RegisterAsync(Digest manifestDigest, string manifestMediaType, IEnumerable<ImageReference> references, CancellationToken cancellationToken)
    {
        var manifest = ImageJson.Parse<ManifestDocument>(await Content.ReadAllBytesAsync(manifestDigest, cancellationToken), "manifest");
        var id = Digest.Parse(manifest.Config?.Digest ?? throw new InvalidImageException("manifest has no config"));
        var record = new ImageRecord { ManifestDigest = manifestDigest.ToString(), ManifestMediaType = manifestMediaType };
        lock (refsLock)
        {
            var temp = RecordPath(id) + ".tmp";
            File.WriteAllBytes(temp, ImageJson.Serialize(record));
            File.Move(temp, RecordPath(id), overwrite: true);
            foreach (var reference in references)
                repositories.Refs[reference.ToString()] = id.ToString();
            repositories.Save();
        }
        return await LoadImageAsync(id, cancellationToken);
    }

    private sealed class Unpin(ImageStore store, List<Digest> digests) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0)
                return;
            foreach (var d in digests)
            {
                var left = store.pins.AddOrUpdate(d, 0, (_, n) => n - 1);
                if (left <= 0)
                    store.pins.TryRemove(new KeyValuePair<Digest, int>(d, left));
            }
        }
    }
}
