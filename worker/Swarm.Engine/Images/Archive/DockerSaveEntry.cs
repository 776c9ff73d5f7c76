using System.Text.Json.Serialization;

namespace Swarm.Engine.Images.Archive;

/// <summary>One element of a docker-save archive's `manifest.json`; paths are relative to the archive root.</summary>
internal sealed record DockerSaveEntry
{
    [JsonPropertyName("Config")] public required string Config { get; init; }
    [JsonPropertyName("RepoTags")] public string[]? RepoTags { get; init; }
    [JsonPropertyName("Layers")] public required string[] Layers { get; init; }
}
