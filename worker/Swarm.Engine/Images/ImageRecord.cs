using System.Text.Json.Serialization;

namespace Swarm.Engine.Images;

/// <summary>What the store keeps per image (`images/&lt;id hex&gt;.json`); everything else is read from the blobs.</summary>
internal sealed record ImageRecord
{
    [JsonPropertyName("manifest")] public required string ManifestDigest { get; init; }
    [JsonPropertyName("mediaType")] public required string ManifestMediaType { get; init; }
}
