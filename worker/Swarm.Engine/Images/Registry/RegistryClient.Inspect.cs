using Swarm.Engine.Images.Json;

namespace Swarm.Engine.Images.Registry;

/// <summary>What a registry says a reference points at, without pulling: Docker's distribution inspect.</summary>
public sealed record DistributionInfo(string MediaType, Digest Digest, long Size, IReadOnlyList<(string Os, string Architecture)> Platforms);

public sealed partial class RegistryClient
{
    /// <summary>
    /// The descriptor of the manifest (or index) <paramref name="reference"/> names and the platforms it offers, so a
    /// service can be pinned to a digest (`docker service create` asks for this before it creates the service).
    /// </summary>
    public async Task<DistributionInfo> InspectAsync(string reference, CancellationToken cancellationToken)
    {
        var parsed = ImageReference.Parse(reference);
        var (bytes, mediaType, digest) = await GetManifestAsync(parsed, parsed.ManifestReference, cancellationToken);
        IReadOnlyList<(string, string)> platforms = MediaTypes.IsIndex(mediaType)
            ? (ImageJson.Parse<IndexDocument>(bytes, "index").Manifests ?? [])
                .Where(m => m.Platform is not null)
                .Select(m => (m.Platform!.Os, m.Platform.Architecture))
                .Distinct()
                .ToArray()
            : [("linux", "amd64")];
        return new DistributionInfo(mediaType, digest, bytes.Length, platforms);
    }
}
