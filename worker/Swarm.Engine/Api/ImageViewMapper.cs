using Swarm.Engine.Api.Json;
using Swarm.Engine.Images;

namespace Swarm.Engine.Api;

/// <summary>Store images in Docker's JSON shapes.</summary>
internal static class ImageViewMapper
{
    public static ImageSummary Summary(Image image) => new(
        image.Id.ToString(),
        "",
        image.RepoTags,
        image.RepoDigests,
        image.Created?.ToUnixTimeSeconds() ?? 0,
        image.Size,
        -1,
        image.Size,
        image.Config.Labels ?? new Dictionary<string, string>(),
        -1);

    public static ImageInspect Inspect(Image image) => new(
        image.Id.ToString(),
        image.RepoTags,
        image.RepoDigests,
        "",
        "",
        EngineJson.Time(image.Created),
        "",
        "",
        image.Config,
        image.Architecture,
        image.Os,
        image.Size,
        image.Size,
        new { Name = "overlay2", Data = new Dictionary<string, string>() },
        new RootFsJson("layers", [.. image.DiffIds.Select(d => d.ToString())]),
        new { LastTagTime = "0001-01-01T00:00:00Z" });
}
