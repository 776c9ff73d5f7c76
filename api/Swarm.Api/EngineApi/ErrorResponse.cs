using System.Text.Json.Serialization;

namespace Swarm.Api.EngineApi;

/// <summary>Every Engine API error body: <c>{"message": "..."}</c> (lower case, as Docker writes it).</summary>
public sealed record ErrorResponse([property: JsonPropertyName("message")] string Message);
