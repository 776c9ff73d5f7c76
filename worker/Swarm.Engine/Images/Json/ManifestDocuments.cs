using System.Text.Json.Serialization;

namespace Swarm.Engine.Images.Json;

/// <summary>An OCI image manifest or Docker schema2 manifest (same shape; the media type tells them apart).</summary>
internal sealed record ManifestDocument
{
    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; } = 2;
    [JsonPropertyName("mediaType")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? MediaType { get; init; }
    [JsonPropertyName("config")] public Descriptor? Config { get; init; }
    [JsonPropertyName("layers")] public Descriptor[]? Layers { get; init; }
    [JsonPropertyName("annotations")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Annotations { get; init; }
}

/// <summary>An OCI image index or Docker manifest list.</summary>
internal sealed record IndexDocument
{
    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; } = 2;
    [JsonPropertyName("mediaType")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? MediaType { get; init; }
    [JsonPropertyName("manifests")] public Descriptor[]? Manifests { get; init; }
}

/// <summary>Only the media type, to tell a manifest from an index before parsing it fully.</summary>
internal sealed record MediaTypeProbe
{
    [JsonPropertyName("mediaType")] public string? MediaType { get; init; }
    [JsonPropertyName("manifests")] public System.Text.Json.JsonElement? Manifests { get; init; }
}

/// <summary>The image config blob (OCI image config / Docker image JSON); only the fields we read or write.</summary>
internal sealed record ConfigDocument
{
    [JsonPropertyName("created")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DateTimeOffset? Created { get; init; }
    [JsonPropertyName("architecture")] public string Architecture { get; init; } = "amd64";
    [JsonPropertyName("os")] public string Os { get; init; } = "linux";
    [JsonPropertyName("config")] public ImageConfig? Config { get; init; }
    [JsonPropertyName("rootfs")] public RootFs RootFs { get; init; } = new();
    [JsonPropertyName("history")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public HistoryEntry[]? History { get; init; }
}

internal sealed record RootFs
{
    [JsonPropertyName("type")] public string Type { get; init; } = "layers";
    [JsonPropertyName("diff_ids")] public string[] DiffIds { get; init; } = [];
}

internal sealed record HistoryEntry
{
    [JsonPropertyName("created")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DateTimeOffset? Created { get; init; }
    [JsonPropertyName("created_by")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? CreatedBy { get; init; }
    [JsonPropertyName("empty_layer")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool EmptyLayer { get; init; }
}
