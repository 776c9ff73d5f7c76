using System.Text.Json;
using System.Text.Json.Serialization;

namespace Swarm.Engine.Api.Json;

/// <summary>Docker's JSON: PascalCase names as declared, nulls written, case-insensitive on the way in.</summary>
public static class EngineJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = null,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Progress and event lines: lowercase Docker names are declared explicitly; nulls left out.</summary>
    public static readonly JsonSerializerOptions Lines = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Docker's time format (RFC 3339 with nanoseconds); the zero time for "never".</summary>
    public static string Time(DateTimeOffset? time)
        => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture) : "0001-01-01T00:00:00Z";
}
