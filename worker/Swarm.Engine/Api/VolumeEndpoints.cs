using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Runtime;
using Swarm.Engine.Volumes;

namespace Swarm.Engine.Api;

/// <summary>`docker volume create/ls/inspect/rm/prune` over the local volume store.</summary>
internal static class VolumeEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/volumes", List);
        group.MapPost("/volumes/create", (Func<HttpContext, Task<IResult>>)CreateAsync);
        group.MapPost("/volumes/prune", Prune);
        group.MapGet("/volumes/{name}", Inspect);
        group.MapDelete("/volumes/{name}", Remove);
    }

    private static IResult List(HttpContext http)
    {
        var volumes = Store(http).List().Select(View).ToList();
        return Results.Json(new { Volumes = volumes, Warnings = (string[]?)null }, EngineJson.Options);
    }

    private static async Task<IResult> CreateAsync(HttpContext http)
    {
        var request = await ApiQuery.BodyAsync<VolumeCreateRequest>(http);
        if (request.Driver is { Length: > 0 } driver && driver != "local")
            throw new Swarm.Api.Errors.InvalidSpecException($"volume driver {driver} is not available here (only local)");
        var volume = Store(http).Create(request.Name, request.Labels);
        return Results.Json(View(volume), EngineJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Inspect(HttpContext http, string name) => Results.Json(View(Store(http).Get(name)), EngineJson.Options);

    /// <summary>In use means mounted by any container, running or not, as in Docker (force does not override it).</summary>
    private static IResult Remove(HttpContext http, string name)
    {
        var store = Store(http);
        var volume = store.Get(name);
        store.Remove(name, UsersOf(http, volume));
        return Results.NoContent();
    }

    /// <summary>Removes every volume no container mounts (API 1.41: named ones too).</summary>
    private static IResult Prune(HttpContext http)
    {
        var store = Store(http);
        var deleted = new List<string>();
        foreach (var volume in store.List().Where(v => UsersOf(http, v).Count == 0))
        {
            store.Remove(volume.Name, []);
            deleted.Add(volume.Name);
        }

        return Results.Json(new { VolumesDeleted = deleted, SpaceReclaimed = 0 }, EngineJson.Options);
    }

    private static IReadOnlyList<string> UsersOf(HttpContext http, Volume volume)
        => [.. http.RequestServices.GetRequiredService<ContainerRuntime>().List()
            .Where(c => c.Config.Mounts.Any(m => m.Kind == MountKind.Volume && m.Source == volume.Mountpoint))
            .Select(c => c.Config.Id[..12])];

    private static VolumeStore Store(HttpContext http) => http.RequestServices.GetRequiredService<VolumeStore>();

    private static object View(Volume volume) => new
    {
        volume.Name,
        Driver = "local",
        volume.Mountpoint,
        CreatedAt = volume.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
        Labels = volume.Labels,
        Scope = "local",
        Options = new Dictionary<string, string>(),
    };

    private sealed record VolumeCreateRequest
    {
        public string? Name { get; init; }
        public string? Driver { get; init; }
        public Dictionary<string, string>? Labels { get; init; }
    }
}
