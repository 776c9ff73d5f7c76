using System.Text.Json.Serialization;

namespace Swarm.Engine.Api.Json;

/// <summary>One line of Docker's JSON progress stream (pull, push, load).</summary>
public sealed record ProgressLine
{
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("progressDetail")] public ProgressDetail? ProgressDetail { get; init; }
    [JsonPropertyName("progress")] public string? Progress { get; init; }
    [JsonPropertyName("stream")] public string? Stream { get; init; }
    [JsonPropertyName("aux")] public object? Aux { get; init; }
    [JsonPropertyName("errorDetail")] public ErrorDetail? ErrorDetail { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }

    public static ProgressLine Failure(string message) => new() { ErrorDetail = new ErrorDetail(message), Error = message };
}

public sealed record ProgressDetail(
    [property: JsonPropertyName("current")] long? Current = null,
    [property: JsonPropertyName("total")] long? Total = null);

public sealed record ErrorDetail([property: JsonPropertyName("message")] string Message);
