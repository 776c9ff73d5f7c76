namespace Swarm.Engine.Api.Json;

/// <summary>One entry of GET /images/json (`docker images`).</summary>
public sealed record ImageSummary(
    string Id,
    string ParentId,
    IReadOnlyList<string> RepoTags,
    IReadOnlyList<string> RepoDigests,
    long Created,
    long Size,
    long SharedSize,
    long VirtualSize,
    IReadOnlyDictionary<string, string> Labels,
    int Containers);

/// <summary>GET /images/{name}/json (`docker image inspect`).</summary>
public sealed record ImageInspect(
    string Id,
    IReadOnlyList<string> RepoTags,
    IReadOnlyList<string> RepoDigests,
    string Parent,
    string Comment,
    string Created,
    string DockerVersion,
    string Author,
    object Config,
    string Architecture,
    string Os,
    long Size,
    long VirtualSize,
    object GraphDriver,
    RootFsJson RootFS,
    object Metadata);

public sealed record RootFsJson(string Type, IReadOnlyList<string> Layers);

/// <summary>One entry of DELETE /images/{name}'s answer: either Untagged or Deleted is set.</summary>
public sealed record ImageDeleteItem(string? Untagged, string? Deleted);
