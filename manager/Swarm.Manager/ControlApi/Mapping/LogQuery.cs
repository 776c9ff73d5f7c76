using System.Globalization;
using Microsoft.AspNetCore.Http;
using Swarm.Api.Dispatch;
using Swarm.Api.Errors;

namespace Swarm.Manager.ControlApi.Mapping;

/// <summary>The query of GET /services/{id}/logs and /tasks/{id}/logs, read as the Docker daemon reads it.</summary>
internal sealed record LogQuery(LogOptions Options, bool Timestamps, bool Details)
{
    public static LogQuery Read(HttpContext http)
    {
        var stdout = RequestReader.Flag(http, "stdout");
        var stderr = RequestReader.Flag(http, "stderr");
        if (!stdout && !stderr)
            throw new InvalidSpecException("Bad parameters: you must choose at least one stream");
        var options = new LogOptions { Follow = RequestReader.Flag(http, "follow"), Stdout = stdout, Stderr = stderr };
        if (Tail(http.Request.Query["tail"].ToString()) is { } tail)
            options.Tail = tail;
        if (Since(http.Request.Query["since"].ToString()) is { } since)
            options.SinceUnixNano = since;
        return new LogQuery(options, RequestReader.Flag(http, "timestamps"), RequestReader.Flag(http, "details"));
    }

    /// <summary>"all" or empty = every line; otherwise a non-negative count (Docker refuses negative ones).</summary>
    private static int? Tail(string text)
    {
        if (text is "" or "all")
            return null;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var tail))
            throw new InvalidSpecException("tail value must be a positive integer or \"all\"");
        if (tail < 0)
            throw new InvalidSpecException("negative tail values not supported");
        return tail;
    }

    /// <summary>Unix seconds with an optional fraction ("1700000000.123456789"), as the CLI sends it; nanoseconds out.</summary>
    private static long? Since(string text)
    {
        if (text.Length == 0)
            return null;
        var parts = text.Split('.', 2);
        if (!long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            || (parts.Length == 2 && (parts[1].Length is 0 or > 9 || !parts[1].All(char.IsAsciiDigit))))
            throw new InvalidSpecException($"could not parse since timestamp {text}: Unix seconds expected");
        var nanos = parts.Length == 2 ? long.Parse(parts[1].PadRight(9, '0'), CultureInfo.InvariantCulture) : 0;
        return seconds * 1_000_000_000 + nanos;
    }
}
