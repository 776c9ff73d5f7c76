using System.Net;
using System.Net.Http.Headers;
using Swarm.Engine.Images.Json;
using Swarm.Engine.Layers;

namespace Swarm.Engine.Images.Registry;

// Pull: manifest (through an index when there is one) → config → layers in parallel (download, verify, unpack).
public sealed partial class RegistryClient
{
    /// <summary>
    /// Pulls <paramref name="reference"/> into <paramref name="store"/> and tags it there (by tag and by digest).
    /// Layers already unpacked are not downloaded again; a broken download resumes where it stopped.
    /// </summary>
    public async Task<Image> PullAsync(ImageStore store, string reference, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var parsed = ImageReference.Parse(reference);
        progress?.Report(new TransferProgress(parsed.FamiliarString, TransferStatus.Resolving));
        var (topBytes, topType, topDigest) = await GetManifestAsync(parsed, parsed.ManifestReference, cancellationToken);
        var (bytes, mediaType, digest) = (topBytes, topType, topDigest);
        if (MediaTypes.IsIndex(topType))
        {
            var chosen = PlatformSelector.Select(ImageJson.Parse<IndexDocument>(topBytes, "index"), parsed.ToString());
            (bytes, mediaType, digest) = await GetManifestAsync(parsed, chosen.Digest, cancellationToken);
            if (!MediaTypes.IsManifest(mediaType))
                throw new InvalidImageException($"{parsed}: index entry {chosen.Digest} is not an image manifest");
        }
        var manifest = ImageJson.Parse<ManifestDocument>(bytes, "manifest");
        var config = manifest.Config ?? throw new InvalidImageException($"{parsed}: manifest has no config");
        var layers = manifest.Layers ?? [];
        foreach (var layer in layers)
            if (!MediaTypes.IsLayer(layer.MediaType))
                throw new InvalidImageException($"{parsed}: unsupported layer media type {layer.MediaType}");

        var configDigest = Digest.Parse(config.Digest);
        var layerDigests = layers.Select(l => Digest.Parse(l.Digest)).ToList();
        using var pin = store.Pin([digest, configDigest, .. layerDigests]);
        await FetchBlobAsync(store, parsed, configDigest, config.Size, null, null, cancellationToken);
        var configDoc = ImageJson.Parse<ConfigDocument>(await store.Content.ReadAllBytesAsync(configDigest, cancellationToken), "image config");
        var diffIds = configDoc.RootFs.DiffIds.Select(Digest.Parse).ToList();
        if (diffIds.Count != layers.Length)
            throw new InvalidImageException($"{parsed}: the config lists {diffIds.Count} layers, the manifest {layers.Length}");
        using var diffPin = store.Pin(diffIds);

        foreach (var layer in layerDigests)
            progress?.Report(new TransferProgress(ShortId(layer), TransferStatus.Waiting));
        long downloaded = 0;
        using var gate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentTransfers));
        await Task.WhenAll(layers.Select(async (layer, i) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var bytesRead = await PullLayerAsync(store, parsed, layerDigests[i], layer.Size, diffIds[i], progress, cancellationToken);
                Interlocked.Add(ref downloaded, bytesRead);
            }
            finally
            {
                gate.Release();
            }
        }));

        await store.Content.PutAsync(bytes, cancellationToken);
        await store.Content.PutAsync(topBytes, cancellationToken);
        List<ImageReference> names = [parsed.WithDigest(topDigest)];
        if (parsed.Tag is not null && parsed.Digest is null)
            names.Add(parsed);
        var image = await store.RegisterAsync(digest, mediaType, names, cancellationToken);
        LogPulled(parsed.ToString(), topDigest, layers.Length, downloaded);
        progress?.Report(new TransferProgress(topDigest.ToString(), TransferStatus.Done));
        return image;
    }

    private async Task<long> PullLayerAsync(ImageStore store, ImageReference reference, Digest blob, long size, Digest diffId,
        IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var id = ShortId(blob);
        if (store.Layers.Exists(diffId) && store.Content.Exists(blob))
        {
            progress?.Report(new TransferProgress(id, TransferStatus.AlreadyExists));
            return 0;
        }
        long downloaded;
        if (!store.Content.Exists(blob) && !store.Layers.Exists(diffId))
        {
            // Unpack while downloading; the unpacker checks the DiffID itself (the config named it, and the
            // manifest's digest covers the config), so it never depends on the compressed blob being right.
            var tee = new ChunkPipe();
            progress?.Report(new TransferProgress(id, TransferStatus.Extracting, 0, size));
            var unpack = UnpackFromPipeAsync(store, diffId, tee, cancellationToken);
            try
            {
                downloaded = await FetchBlobAsync(store, reference, blob, size, progress, tee, cancellationToken);
                tee.Complete();
            }
            catch (Exception e)
            {
                tee.Complete(e);
                await unpack;
                throw;
            }
            progress?.Report(new TransferProgress(id, TransferStatus.DownloadComplete, size, size));
            if (await unpack is null)
            {
                progress?.Report(new TransferProgress(id, TransferStatus.PullComplete));
                return downloaded;
            }
            // The stream unpack failed (download resumed or restarted midway, or a bad layer): retry from the
            // verified blob, which reports the real error if there is one.
        }
        else
        {
            downloaded = await FetchBlobAsync(store, reference, blob, size, progress, null, cancellationToken);
            progress?.Report(new TransferProgress(id, TransferStatus.DownloadComplete, size, size));
            progress?.Report(new TransferProgress(id, TransferStatus.Extracting, 0, size));
        }
        await store.Layers.EnsureAsync(diffId, () => LayerCompression.OpenTar(store.Content.OpenRead(blob)), cancellationToken);
        progress?.Report(new TransferProgress(id, TransferStatus.PullComplete));
        return downloaded;
    }

    /// <summary>Unpacks from the download stream; returns the failure instead of throwing it (the caller retries).</summary>
    private static async Task<Exception?> UnpackFromPipeAsync(ImageStore store, Digest diffId, ChunkPipe tee, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await store.Layers.EnsureAsync(diffId, () => LayerCompression.OpenTar(tee.Reader), cancellationToken);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return e;
        }
        finally
        {
            tee.Abandon();
        }
    }

    /// <summary>Downloads one blob into the content store unless it is there; returns the bytes transferred.</summary>
    private async Task<long> FetchBlobAsync(ImageStore store, ImageReference reference, Digest digest, long size,
        IProgress<TransferProgress>? progress, ChunkPipe? tee, CancellationToken cancellationToken)
    {
        if (store.Content.Exists(digest))
            return 0;
        using var held = await store.Content.LockAsync(digest, cancellationToken);
        if (store.Content.Exists(digest))
        {
            BreakTee(ref tee); // another pull fetched it meanwhile; the layer unpacks from the stored blob
            return 0;
        }
        var uri = new Uri(BaseUri(reference), "blobs/" + digest);
        using var writer = store.Content.OpenWriter(digest);
        if (await writer.ResumeAsync(cancellationToken) > 0)
            BreakTee(ref tee);
        long transferred = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var offset = writer.Offset;
                using var response = await SendAsync(reference, PullScope(reference), () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, uri);
                    if (offset > 0)
                        request.Headers.Range = new RangeHeaderValue(offset, null);
                    return request;
                }, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (offset > 0 && response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    writer.Restart(); // the partial file is not a prefix of this blob: start over
                    BreakTee(ref tee);
                    continue;
                }
                await EnsureSuccessAsync(response, $"blob {digest}", cancellationToken);
                if (response.StatusCode != HttpStatusCode.PartialContent)
                {
                    if (offset > 0)
                        BreakTee(ref tee);
                    writer.Restart();
                }
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var buffer = new byte[1 << 17];
                int n;
                long lastReport = 0;
                while ((n = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await writer.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                    if (tee is not null)
                        await tee.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                    transferred += n;
                    if (writer.Offset > size && size > 0)
                        throw new InvalidImageException($"blob {digest} is larger than its descriptor says ({size} bytes)");
                    if (progress is not null && writer.Offset - lastReport >= 1 << 20)
                    {
                        lastReport = writer.Offset;
                        progress.Report(new TransferProgress(ShortId(digest), TransferStatus.Downloading, writer.Offset, size));
                    }
                }
                await writer.CommitAsync(cancellationToken);
                return transferred;
            }
            catch (Exception e) when (e is IOException or HttpRequestException && attempt < options.TransferAttempts && !cancellationToken.IsCancellationRequested)
            {
                LogResuming(digest, writer.Offset, attempt, e);
                BreakTee(ref tee);
            }
        }
    }

    /// <summary>A resumed or restarted download cannot feed the stream unpacker any more.</summary>
    private static void BreakTee(ref ChunkPipe? tee)
    {
        tee?.Complete(new IOException("the download resumed; unpacking from the stored blob instead"));
        tee = null;
    }

    internal static string ShortId(Digest digest) => digest.Hex[..12];
}
