using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store;
using Swarm.Store.Watch;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Endpoints;

/// <summary>
/// <c>/events</c>: cluster changes (services, nodes, networks, secrets, configs) as a stream of JSON lines, from
/// the store's watch. The store keeps no history, so <c>since</c> filters live events only (nothing older than
/// the request is replayed); <c>until</c> ends the stream at that time.
/// </summary>
internal sealed class EventEndpoints(MemoryStore store, TimeProvider time)
{
    private static readonly string[] Types = ["service", "node", "network", "secret", "config"];

    public static void Map(IEndpointRouteBuilder routes)
        => routes.MapGet("/events", (HttpContext http, EventEndpoints e) => e.StreamAsync(http));

    private async Task StreamAsync(HttpContext http)
    {
        var filters = RequestReader.Filters(http).Allow("type", "event", "scope", "label", "service", "node", "network", "secret", "config");
        var since = ReadTime(http, "since");
        var until = ReadTime(http, "until");
        using var watch = store.ViewAndWatch(e => e.Kind != EventKind.Commit && TypeOf(e.ObjectKind) is not null);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await http.Response.Body.FlushAsync(http.RequestAborted);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        if (until is { } end)
        {
            var wait = end - time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
                return;
            stop.CancelAfter(wait);
        }
        try
        {
            await foreach (var change in watch.Events.ReadAllAsync(stop.Token))
            {
                var line = ToEvent(change);
                if (line is null || !Wanted(line, filters) || (since is { } start && line.TimeNano < ToNanos(start)))
                    continue;
                await JsonSerializer.SerializeAsync(http.Response.Body, line, E.EngineJson.Options, stop.Token);
                await http.Response.Body.WriteAsync("\n"u8.ToArray(), stop.Token);
                await http.Response.Body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // until reached or client gone: the stream simply ends.
        }
    }

    private static bool Wanted(E.EngineEvent e, ListFilters filters)
        => filters.MatchesExact("type", e.Type)
            && filters.MatchesExact("event", e.Action)
            && filters.MatchesExact("scope", "swarm")
            && filters.MatchesLabels("label", e.Actor.Attributes)
            && (!Types.Contains(e.Type) || filters.Matches(e.Type, v => v == e.Actor.ID || v == e.Actor.Attributes.GetValueOrDefault("name")));

    public static E.EngineEvent? ToEvent(StoreEvent change)
    {
        if (TypeOf(change.ObjectKind) is not { } type || change.Object is not { } obj)
            return null;
        var at = obj.Meta.UpdatedAt;
        var attributes = new Dictionary<string, string> { ["name"] = NameOf(obj) };
        if (change is { Kind: EventKind.Update, Object: Node node, Previous: Node before })
        {
            if (before.Status.State != node.Status.State)
            {
                attributes["state.old"] = before.Status.State.ToString().ToLowerInvariant();
                attributes["state.new"] = node.Status.State.ToString().ToLowerInvariant();
            }
        }
        var nanos = ToNanos(at);
        return new E.EngineEvent
        {
            Type = type,
            Action = change.Kind switch { EventKind.Create => "create", EventKind.Delete => "remove", _ => "update" },
            Actor = new E.EventActor { ID = obj.Id, Attributes = attributes },
            Scope = "swarm",
            Time = nanos / 1_000_000_000,
            TimeNano = nanos,
        };
    }

    private static string? TypeOf(ObjectKind kind) => kind switch
    {
        ObjectKind.Service => "service",
        ObjectKind.Node => "node",
        ObjectKind.Network => "network",
        ObjectKind.Secret => "secret",
        ObjectKind.Config => "config",
        _ => null,
    };

    private static string NameOf(ISwarmObject obj) => obj switch
    {
        Node n => n.Spec.Name ?? n.Description?.Hostname ?? n.Id,
        _ => obj.UniqueName ?? obj.Id,
    };

    private static long ToNanos(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

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
