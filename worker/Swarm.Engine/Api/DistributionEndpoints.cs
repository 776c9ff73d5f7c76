using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Swarm.Api.Errors;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Images.Registry;

namespace Swarm.Engine.Api;

/// <summary>
/// `GET /distribution/{name}/json`: the registry's descriptor for an image reference. The docker CLI calls it before
/// `service create` to pin the service to a digest, as Swarm does. Names contain slashes, hence the catch-all.
/// </summary>
internal static class DistributionEndpoints
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/distribution/{**name}", InspectAsync);

    private static async Task<IResult> InspectAsync(string name, HttpContext http)
    {
        if (!name.EndsWith("/json", StringComparison.Ordinal))
            throw new NotFoundException($"page not found: /distribution/{name}");
        var reference = name[..^"/json".Length];
        var registry = http.RequestServices.GetRequiredService<RegistryClient>();
        var info = await registry.InspectAsync(reference, http.RequestAborted);
        return Results.Json(new
        {
            Descriptor = new { mediaType = info.MediaType, digest = info.Digest.ToString(), size = info.Size },
            Platforms = info.Platforms.Select(p => new { architecture = p.Architecture, os = p.Os }).ToArray(),
        }, EngineJson.Options);
    }
}
