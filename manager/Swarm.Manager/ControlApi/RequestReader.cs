using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Swarm.Api.EngineApi;
using Swarm.Api.Errors;

namespace Swarm.Manager.ControlApi;

/// <summary>Reads bodies and query parameters, turning malformed input into 400s rather than binder failures.</summary>
internal static class RequestReader
{
    public static async Task<T> BodyAsync<T>(HttpContext http) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, EngineJson.Options, http.RequestAborted);
            return value ?? throw new InvalidSpecException("request body is empty");
        }
        catch (JsonException bad)
        {
            throw new InvalidSpecException($"invalid JSON body: {bad.Message}");
        }
    }

    /// <summary>The <c>?version=</c> an update must carry: the object version the client read.</summary>
    public static ulong Version(HttpContext http)
    {
        var text = http.Request.Query["version"].ToString();
        if (text.Length == 0)
            throw new InvalidSpecException("missing version parameter: send the version of the object you read (?version=N)");
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            throw new InvalidSpecException($"invalid version {text}: it must be an unsigned integer");
        return version;
    }

    /// <summary>Go's strconv.ParseBool words, as Docker reads boolean query parameters; absent is false.</summary>
    public static bool Flag(HttpContext http, string name)
    {
        var text = http.Request.Query[name].ToString();
        return text switch
        {
            "" or "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            _ => throw new InvalidSpecException($"invalid boolean {text} for parameter {name}"),
        };
    }

    public static ListFilters Filters(HttpContext http) => ListFilters.Parse(http.Request.Query["filters"].ToString());
}
