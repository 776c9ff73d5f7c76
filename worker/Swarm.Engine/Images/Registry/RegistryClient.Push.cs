using System.Net;
using System.Net.Http.Headers;
using Swarm.Engine.Images.Json;

namespace Swarm.Engine.Images.Registry;

// Push: blobs the registry lacks (HEAD, then POST + monolithic PUT), then the manifest, byte for byte as stored.
public sealed partial class RegistryClient
{
    /// <summary>
    /// Pushes the image <paramref name="reference"/> names in <paramref name="store"/> to the registry and
    /// repository of that same reference (tag it first to push elsewhere). Returns the manifest digest.
    /// </summary>
    public async Task<Digest> PushAsync(ImageStore store, string reference, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var parsed = ImageReference.Parse(reference);
        var image = await store.ResolveAsync(reference, cancellationToken);
        var (bytes, mediaType, digest) = await store.ManifestOfAsync(image.Id, cancellationToken);
        var manifest = ImageJson.Parse<ManifestDocument>(bytes, "manifest");
        var blobs = (manifest.Layers ?? []).Append(manifest.Config!).Select(d => Digest.Parse(d.Digest)).ToList();
        foreach (var blob in blobs)
            progress?.Report(new TransferProgress(ShortId(blob), TransferStatus.Preparing));

        using var gate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentTransfers));
        await Task.WhenAll(blobs.Select(async blob =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                await PushBlobAsync(store, parsed, blob, progress, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));

        var uri = new Uri(BaseUri(parsed), "manifests/" + parsed.ManifestReference);
        using (var response = await SendAsync(parsed, PushScope(parsed), () => new HttpRequestMessage(HttpMethod.Put, uri)
               {
                   Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } },
               }, HttpCompletionOption.ResponseContentRead, cancellationToken))
        {
            await EnsureSuccessAsync(response, $"manifest {parsed}", cancellationToken);
            if (response.Headers.TryGetValues("Docker-Content-Digest", out var values)
                && Digest.TryParse(values.FirstOrDefault(), out var echoed) && echoed != digest)
                throw new InvalidImageException($"registry stored manifest {echoed}, expected {digest}");
        }
        if (parsed.Tag is not null)
            await store.RegisterAsync(digest, mediaType, [parsed.WithDigest(digest)], cancellationToken);
        LogPushed(parsed.ToString(), digest);
        progress?.Report(new TransferProgress(digest.ToString(), TransferStatus.Done));
        return digest;
    }

    private async Task PushBlobAsync(ImageStore store, ImageReference reference, Digest blob, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var id = ShortId(blob);
        var scope = PushScope(reference);
        var baseUri = BaseUri(reference);
        using (var head = await SendAsync(reference, scope, () => new HttpRequestMessage(HttpMethod.Head, new Uri(baseUri, "blobs/" + blob)),
                   HttpCompletionOption.ResponseHeadersRead, cancellationToken))
        {
            if (head.IsSuccessStatusCode)
            {
                progress?.Report(new TransferProgress(id, TransferStatus.LayerAlreadyExists));
                return;
            }
        }

        Uri location;
        using (var start = await SendAsync(reference, scope, () => new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "blobs/uploads/")),
                   HttpCompletionOption.ResponseContentRead, cancellationToken))
        {
            await EnsureSuccessAsync(start, $"starting upload of {blob}", cancellationToken);
            location = start.Headers.Location is { } l ? new Uri(baseUri, l) : throw new RegistryException("upload started without a Location", (int)start.StatusCode);
        }
        var query = location.Query.Length > 1 ? location.Query[1..] + "&" : "";
        var put = new UriBuilder(location) { Query = query + "digest=" + Uri.EscapeDataString(blob.ToString()) }.Uri;
        var size = store.Content.SizeOf(blob);
        progress?.Report(new TransferProgress(id, TransferStatus.Uploading, 0, size));
        using (var done = await SendAsync(reference, scope, () => new HttpRequestMessage(HttpMethod.Put, put)
               {
                   Content = new StreamContent(new UploadProgressStream(store.Content.OpenRead(blob), id, size, progress), 1 << 17)
                   {
                       Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream"), ContentLength = size },
                   },
               }, HttpCompletionOption.ResponseContentRead, cancellationToken))
        {
            if (done.StatusCode != HttpStatusCode.Created)
                await EnsureSuccessAsync(done, $"uploading {blob}", cancellationToken);
        }
        progress?.Report(new TransferProgress(id, TransferStatus.Pushed, size, size));
    }
}
