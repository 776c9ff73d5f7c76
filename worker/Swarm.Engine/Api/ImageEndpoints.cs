using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Swarm.Api.Errors;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Images;

namespace Swarm.Engine.Api;

/// <summary>
/// Local image operations: list, inspect, tag, remove. Image names contain slashes (`127.0.0.1:5000/a/b:tag`),
/// so `/images/{name}/json|tag|push|get` are caught by one catch-all route and split on their last segment.
/// </summary>
internal static class ImageEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/images/json", (Func<HttpContext, Task<IResult>>)ListAsync);
        group.MapGet("/images/{**name}", GetAsync);
        group.MapPost("/images/{**name}", PostAsync);
        group.MapDelete("/images/{**name}", RemoveAsync);
    }

    private static ImageStore Store(HttpContext http) => http.RequestServices.GetRequiredService<ImageStore>();

    private static async Task<IResult> ListAsync(HttpContext http)
    {
        var images = await Store(http).ListAsync(http.RequestAborted);
        // Every image is a pulled or loaded one (no build cache, no intermediate layers), so `all` changes nothing.
        var list = images
            .OrderByDescending(i => i.Created)
            .Select(ImageViewMapper.Summary)
            .ToList();
        return Results.Json(list, EngineJson.Options);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string name)
    {
        if (Split(name, "json") is { } image)
            return Results.Json(ImageViewMapper.Inspect(await Store(http).ResolveAsync(image, http.RequestAborted)), EngineJson.Options);
        if (Split(name, "get") is { } saved)
        {
            await ImageTransferEndpoints.SaveAsync(http, [saved]);
            return Results.Empty;
        }
        throw new NotFoundException($"page not found: /images/{name}");
    }

    private static async Task<IResult> PostAsync(HttpContext http, string name)
    {
        if (Split(name, "tag") is { } source)
        {
            var repo = ApiQuery.String(http, "repo") ?? throw new InvalidSpecException("repository name is required");
            var tag = ApiQuery.String(http, "tag") ?? "latest";
            await Store(http).TagAsync(source, $"{repo}:{tag}", http.RequestAborted);
            return Results.StatusCode(StatusCodes.Status201Created);
        }
        if (Split(name, "push") is { } pushed)
        {
            await ImageTransferEndpoints.PushAsync(http, pushed);
            return Results.Empty;
        }
        throw new NotFoundException($"page not found: /images/{name}");
    }

    private static async Task<IResult> RemoveAsync(HttpContext http, string name)
    {
        var result = await Store(http).RemoveAsync(name, ApiQuery.Bool(http, "force"), http.RequestAborted);
        var items = result.Untagged.Select(u => new ImageDeleteItem(u, null))
            .Concat(result.Deleted.Select(d => new ImageDeleteItem(null, d.ToString())));
        return Results.Json(items.ToList(), EngineJson.Lines);
    }

    /// <summary>"a/b:1/json" with action "json" gives "a/b:1".</summary>
    private static string? Split(string path, string action)
        => path.EndsWith("/" + action, StringComparison.Ordinal) ? path[..^(action.Length + 1)] : null;
}
