using System.Text.Json.Serialization;

namespace Swarm.Store.NodeHost.Api.Contracts;

/// <summary>Every error body, as the Docker API writes it; <see cref="Leader"/> only on 503 "not the leader".</summary>
public sealed record ErrorResponse(
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Leader = null);
