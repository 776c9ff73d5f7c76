using System.Text.Json.Serialization;

namespace Swarm.Engine.Images;

/// <summary>
/// The runtime defaults an image carries (the `config` object of an OCI/Docker image config). The runtime merges
/// them with the container's own settings. Field names are the JSON ones of the spec.
/// </summary>
public sealed record ImageConfig
{
    [JsonPropertyName("User")] public string? User { get; init; }
    [JsonPropertyName("ExposedPorts")] public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
    [JsonPropertyName("Env")] public string[]? Env { get; init; }
    [JsonPropertyName("Entrypoint")] public string[]? Entrypoint { get; init; }
    [JsonPropertyName("Cmd")] public string[]? Cmd { get; init; }
    [JsonPropertyName("Volumes")] public Dictionary<string, EmptyObject>? Volumes { get; init; }
    [JsonPropertyName("WorkingDir")] public string? WorkingDir { get; init; }
    [JsonPropertyName("Labels")] public Dictionary<string, string>? Labels { get; init; }
    [JsonPropertyName("StopSignal")] public string? StopSignal { get; init; }
    [JsonPropertyName("Healthcheck")] public ImageHealthcheck? Healthcheck { get; init; }
}

/// <summary>Docker's healthcheck extension of the image config; durations are nanoseconds as in the JSON.</summary>
public sealed record ImageHealthcheck
{
    [JsonPropertyName("Test")] public string[]? Test { get; init; }
    [JsonPropertyName("Interval")] public long Interval { get; init; }
    [JsonPropertyName("Timeout")] public long Timeout { get; init; }
    [JsonPropertyName("StartPeriod")] public long StartPeriod { get; init; }
    [JsonPropertyName("Retries")] public int Retries { get; init; }
}

/// <summary>The `{}` values of ExposedPorts and Volumes.</summary>
public sealed record EmptyObject;
