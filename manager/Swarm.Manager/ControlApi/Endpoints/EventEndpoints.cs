using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Swarm.Api.Errors;
using Swarm.Manager.ControlApi.Events;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Endpoints;

/// <summary>
/// <c>/events</c>: cluster changes (services, nodes, networks, secrets, configs) as a stream of JSON lines.
/// <c>since</c> replays the kept events from that time (the last <see cref="ClusterEventLog.Capacity"/>);
/// <c>until</c> ends the stream at that time; <c>filters</c> take type, event, scope, label and per-type names.
/// </summary>
internal sealed class EventEndpoints(ClusterEventLog log, TimeProvider time)
{
    public static void Map(IEndpointRouteBuilder routes)
        => routes.MapGet("/events", HandlerResolution.Streaming<EventEndpoints>((e, http) => e.StreamAsync(http)));

    private async Task StreamAsync(HttpContext http)
    {
        var filters = RequestReader.Filters(http).Allow("type", "event", "scope", "label", "service", "node", "network", "secret", "config");
        var since = ReadTime(http, "since");
        var until = ReadTime(http, "until");
        using var lease = log.Listen();
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";

        var end = until is { } u ? EventMapper.ToNanos(u) : long.MaxValue;
        var start = since is { } s ? EventMapper.ToNanos(s) : long.MaxValue;
        foreach (var past in lease.Past.Where(e => e.TimeNano >= start && e.TimeNano <= end))
        {
            if (Wanted(past, filters))
                await WriteAsync(http, past, http.RequestAborted);
        }
        await http.Response.Body.FlushAsync(http.RequestAborted);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        if (until is { } last)
        {
            var wait = last - time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
                return;
            stop.CancelAfter(wait);
        }
        try
        {
            await foreach (var e in lease.Live.ReadAllAsync(stop.Token))
            {
                if (e.TimeNano > end)
                    return;
                if (Wanted(e, filters))
                    await WriteAsync(http, e, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // until reached or client gone: the stream simply ends.
        }
    }

    private static async Task WriteAsync(HttpContext http, E.EngineEvent e, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(http.Response.Body, e, E.EngineJson.Options, cancellationToken);
        await http.Response.Body.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    private static bool Wanted(E.EngineEvent e, ListFilters filters)
        => filters.MatchesExact("type", e.Type)
            && filters.MatchesExact("event", e.Action)
            && filters.MatchesExact("scope", "swarm")
            && filters.MatchesLabels("label", e.Actor.Attributes)
            // As in Docker, a per-type filter (service=web) also excludes events of every other type.
            && EventMapper.Types.All(type => filters.Matches(type,
                v => e.Actor.ID.StartsWith(v, StringComparison.Ordinal) || v == e.Actor.Attributes.GetValueOrDefault("name")));

    /// <summary>Docker's since/until: Unix seconds, optionally with a fraction ("1700000000.5").</summary>
    private static DateTimeOffset? ReadTime(HttpContext http, string name)
    {
        var text = http.Request.Query[name].ToString();
        if (text.Length == 0)
            return null;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
            throw new InvalidSpecException($"invalid {name} time {text}: Unix seconds expected");
        return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
    }
}
