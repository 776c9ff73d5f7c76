using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Api;

/// <summary>Container lifecycle: create, list, inspect, start, stop, restart, kill, wait, remove.</summary>
internal static class ContainerEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/containers/create", (Func<HttpContext, Task<IResult>>)CreateAsync);
        group.MapGet("/containers/json", List);
        group.MapGet("/containers/{id}/json", Inspect);
        group.MapPost("/containers/{id}/start", StartAsync);
        group.MapPost("/containers/{id}/stop", StopAsync);
        group.MapPost("/containers/{id}/restart", RestartAsync);
        group.MapPost("/containers/{id}/kill", KillAsync);
        group.MapPost("/containers/{id}/wait", WaitAsync);
        group.MapDelete("/containers/{id}", RemoveAsync);
        group.MapPost("/containers/prune", (Func<HttpContext, Task<IResult>>)PruneAsync);
    }

    private static EngineContainers Containers(HttpContext http) => http.RequestServices.GetRequiredService<EngineContainers>();

    private static async Task<IResult> CreateAsync(HttpContext http)
    {
        var request = await ApiQuery.BodyAsync<ContainerCreateRequest>(http);
        var id = await Containers(http).CreateAsync(ApiQuery.String(http, "name"), request, http.RequestAborted);
        return Results.Json(new ContainerCreateResponse(id, []), EngineJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static IResult List(HttpContext http)
    {
        var all = ApiQuery.Bool(http, "all");
        var now = DateTimeOffset.UtcNow;
        var list = Containers(http).Runtime.List()
            .Where(c => all || c.State.Status == ContainerStatus.Running)
            .Where(ContainerFilters.Parse(ApiQuery.String(http, "filters")))
            .OrderByDescending(c => c.State.CreatedAt)
            .Select(c => ContainerViewMapper.Summary(c, now));
        if (ApiQuery.Int(http, "limit") is { } limit and > 0)
            list = list.Take(limit);
        return Results.Json(list.ToList(), EngineJson.Options);
    }

    private static IResult Inspect(HttpContext http, string id)
    {
        var containers = Containers(http);
        var info = containers.Resolve(id);
        var logPath = Path.Combine(containers.Runtime.Options.ContainersDir, info.Config.Id, "json.log");
        return Results.Json(ContainerViewMapper.Inspect(info, logPath), EngineJson.Options);
    }

    private static async Task<IResult> StartAsync(HttpContext http, string id)
    {
        var containers = Containers(http);
        var info = containers.Resolve(id);
        if (info.State.Status == ContainerStatus.Running)
            return Results.StatusCode(StatusCodes.Status304NotModified);
        await containers.StartAsync(info, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> StopAsync(HttpContext http, string id)
    {
        var containers = Containers(http);
        var info = containers.Resolve(id);
        if (info.State.Status != ContainerStatus.Running)
            return Results.StatusCode(StatusCodes.Status304NotModified);
        await containers.Runtime.StopAsync(info.Config.Id, Timeout(http), http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> RestartAsync(HttpContext http, string id)
    {
        var containers = Containers(http);
        var info = containers.Resolve(id);
        await containers.Runtime.StopAsync(info.Config.Id, Timeout(http), http.RequestAborted);
        await containers.StartAsync(info, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> KillAsync(HttpContext http, string id)
    {
        var containers = Containers(http);
        var info = containers.Resolve(id);
        await containers.Runtime.KillAsync(info.Config.Id, ApiQuery.String(http, "signal") ?? "SIGKILL", http.RequestAborted);
        return Results.NoContent();
    }

    /// <summary>Headers go out at once (the CLI waits for them before starting the container); the body at exit.</summary>
    private static async Task WaitAsync(HttpContext http, string id)
    {
        var containers = Containers(http);
        var info = containers.Resolve(id);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await http.Response.StartAsync(http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted); // headers now: clients wait for them before going on
        var code = await containers.WaitAsync(info.Config.Id, ApiQuery.String(http, "condition"), http.RequestAborted);
        await JsonSerializer.SerializeAsync(http.Response.Body, new WaitResponse(code), EngineJson.Options, http.RequestAborted);
        await http.Response.WriteAsync("\n", http.RequestAborted);
    }

    private static async Task<IResult> RemoveAsync(HttpContext http, string id)
    {
        var containers = Containers(http);
        var info = containers.Resolve(id);
        await containers.RemoveAsync(info.Config.Id, ApiQuery.Bool(http, "force"), http.RequestAborted);
        return Results.NoContent();
    }

    /// <summary>`docker container prune`: every stopped container (filters narrow it, as for list).</summary>
    private static async Task<IResult> PruneAsync(HttpContext http)
    {
        var containers = Containers(http);
        var deleted = new List<string>();
        foreach (var info in containers.Runtime.List().Where(c => c.State.Status != ContainerStatus.Running).Where(ContainerFilters.Parse(ApiQuery.String(http, "filters"))))
        {
            await containers.RemoveAsync(info.Config.Id, force: false, http.RequestAborted);
            deleted.Add(info.Config.Id);
        }
        return Results.Json(new { ContainersDeleted = deleted, SpaceReclaimed = 0 }, EngineJson.Options);
    }

    private static TimeSpan? Timeout(HttpContext http)
        => ApiQuery.Int(http, "t") is { } seconds ? TimeSpan.FromSeconds(Math.Max(0, seconds)) : null;
}
