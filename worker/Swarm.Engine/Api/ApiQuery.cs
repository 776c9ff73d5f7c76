using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Swarm.Api.Errors;
using Swarm.Engine.Api.Json;

namespace Swarm.Engine.Api;

/// <summary>Docker's query conventions: booleans are 1/true/yes (anything else is false), numbers are plain.</summary>
internal static class ApiQuery
{
    public static bool Bool(HttpContext http, string name)
        => http.Request.Query[name].ToString().ToLowerInvariant() is "1" or "true" or "yes";

    public static string? String(HttpContext http, string name)
        => http.Request.Query.TryGetValue(name, out var value) && value.Count > 0 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;

    public static int? Int(HttpContext http, string name)
    {
        if (String(http, name) is not { } text)
            return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidSpecException($"invalid value for {name}: {text}");
    }

    /// <summary>Docker's `since`: unix seconds, possibly with a fraction.</summary>
    public static DateTimeOffset? UnixTime(HttpContext http, string name)
    {
        if (String(http, name) is not { } text || text == "0")
            return null;
        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond))
            : throw new InvalidSpecException($"invalid value for {name}: {text}");
    }

    public static async Task<T> BodyAsync<T>(HttpContext http) where T : new()
    {
        if (http.Request.ContentLength == 0)
            return new T();
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, EngineJson.Options, http.RequestAborted) ?? new T();
        }
        catch (JsonException e)
        {
            throw new InvalidSpecException($"invalid JSON body: {e.Message}");
        }
    }
}
