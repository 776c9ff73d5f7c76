using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Errors;

namespace Swarm.Engine.Images.Registry;

/// <summary>
/// A client of the OCI distribution API (Docker Registry HTTP API v2): pull into and push from an
/// <see cref="ImageStore"/>. Every blob is verified against its digest and every layer against its DiffID.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private const int MaxManifestBytes = 4 << 20;

    private readonly HttpClient http;
    private readonly RegistryOptions options;
    private readonly RegistryAuthenticator authenticator;
    private readonly ILogger<RegistryClient> logger;

    public RegistryClient(RegistryOptions? options = null, ILogger<RegistryClient>? logger = null, HttpMessageHandler? handler = null)
    {
        this.options = options ?? new RegistryOptions();
        this.logger = logger ?? NullLogger<RegistryClient>.Instance;
        http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = Math.Max(4, this.options.MaxConcurrentTransfers + 1),
        }) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("swarm-engine/0.1");
        authenticator = new RegistryAuthenticator(http, this.options.Credentials);
    }

    public void Dispose() => http.Dispose();

    /// <summary>`http` for loopback and listed insecure registries, `https` otherwise; Docker Hub's API host.</summary>
    internal Uri BaseUri(ImageReference reference)
    {
        var host = reference.Registry == ImageReference.DockerHub ? "registry-1.docker.io" : reference.Registry;
        var scheme = IsPlainHttp(reference.Registry) ? "http" : "https";
        return new Uri($"{scheme}://{host}/v2/{reference.Repository}/");
    }

    private bool IsPlainHttp(string registry)
    {
        if (options.InsecureRegistries.Contains(registry))
            return true;
        var host = registry;
        if (host.StartsWith('['))
            host = host[1..host.IndexOf(']', StringComparison.Ordinal)];
        else if (host.LastIndexOf(':') is var colon and > 0)
            host = host[..colon];
        return host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>
    /// Sends a request, answering one 401 challenge (bearer token or basic) and retrying with the new credentials.
    /// <paramref name="make"/> builds a fresh request each time (a request can be sent only once).
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(ImageReference reference, string scope, Func<HttpRequestMessage> make,
        HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var request = make();
        request.Headers.Authorization = authenticator.Cached(reference.Registry, scope);
        var response = await http.SendAsync(request, completion, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
            return response;
        var challenge = AuthChallenge.Parse(response.Headers.WwwAuthenticate.ToString());
        response.Dispose();
        request.Dispose();
        var header = challenge is null ? null : await authenticator.AuthorizeAsync(reference.Registry, scope, challenge, cancellationToken);
        if (header is null)
            throw new RegistryException($"{reference.Registry}: unauthorized: authentication required", 401);
        LogAuthenticated(reference.Registry, challenge!.Scheme, scope);
        request = make();
        request.Headers.Authorization = header;
        return await http.SendAsync(request, completion, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (body.Length > 500)
            body = body[..500];
        var message = $"{what}: {(int)response.StatusCode} {response.ReasonPhrase} {body}".Trim();
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new NotFoundException(message);
        throw new RegistryException(message, (int)response.StatusCode);
    }

    private static string PullScope(ImageReference reference) => $"repository:{reference.Repository}:pull";

    private static string PushScope(ImageReference reference) => $"repository:{reference.Repository}:pull,push";

    /// <summary>GETs a manifest or index: its bytes, media type and verified digest.</summary>
    private async Task<(byte[] Bytes, string MediaType, Digest Digest)> GetManifestAsync(ImageReference reference, string tagOrDigest, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseUri(reference), "manifests/" + tagOrDigest);
        using var response = await SendAsync(reference, PullScope(reference), () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            foreach (var type in MediaTypes.AcceptedManifests)
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            return request;
        }, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new NotFoundException($"manifest for {reference.FamiliarName}:{tagOrDigest} not found");
        await EnsureSuccessAsync(response, $"manifest {reference.FamiliarName}:{tagOrDigest}", cancellationToken);
        if (response.Content.Headers.ContentLength > MaxManifestBytes)
            throw new InvalidImageException($"manifest {reference} is larger than {MaxManifestBytes} bytes");
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var digest = Digest.Of(bytes);
        if (Digest.TryParse(tagOrDigest, out var expected) && expected != digest)
            throw new InvalidImageException($"manifest digest mismatch for {reference}: expected {expected}, got {digest}");
        var probe = Json.ImageJson.Parse<Json.MediaTypeProbe>(bytes, "manifest");
        var mediaType = probe.MediaType
            ?? response.Content.Headers.ContentType?.MediaType
            ?? (probe.Manifests is not null ? MediaTypes.OciIndex : MediaTypes.OciManifest);
        if (!MediaTypes.IsIndex(mediaType) && !MediaTypes.IsManifest(mediaType))
            throw new InvalidImageException($"{reference}: unsupported manifest type {mediaType} (schema 1 is not supported)");
        return (bytes, mediaType, digest);
    }
}
