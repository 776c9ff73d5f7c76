using System.Text.Json.Serialization;

namespace Swarm.Api.EngineApi;

/// <summary>One line of <c>GET /events</c>. Docker writes scope, time and timeNano in lower case.</summary>
public sealed record EngineEvent
{
    public string Type { get; init; } = "";
    public string Action { get; init; } = "";
    public EventActor Actor { get; init; } = new();
    [JsonPropertyName("scope")] public string Scope { get; init; } = "swarm";
    [JsonPropertyName("time")] public long Time { get; init; }
    [JsonPropertyName("timeNano")] public long TimeNano { get; init; }
}

public sealed record EventActor
{
    public string ID { get; init; } = "";
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}
