using System.Text.Json.Serialization;

namespace Swarm.Engine.Images.Json;

/// <summary>An OCI content descriptor: what a manifest or index points at.</summary>
internal sealed record Descriptor
{
    [JsonPropertyName("mediaType")] public required string MediaType { get; init; }
    [JsonPropertyName("digest")] public required string Digest { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("urls")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string[]? Urls { get; init; }
    [JsonPropertyName("annotations")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Annotations { get; init; }
    [JsonPropertyName("platform")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Platform? Platform { get; init; }
}

internal sealed record Platform
{
    [JsonPropertyName("architecture")] public string Architecture { get; init; } = "";
    [JsonPropertyName("os")] public string Os { get; init; } = "";
    [JsonPropertyName("variant")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Variant { get; init; }
}
