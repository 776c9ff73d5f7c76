using Swarm.Engine.Images.Json;

namespace Swarm.Engine.Images.Registry;

/// <summary>Picks this engine's platform (linux/amd64) from an index; a variant-less entry wins over others.</summary>
internal static class PlatformSelector
{
    public const string Os = "linux";
    public const string Architecture = "amd64";

    public static Descriptor Select(IndexDocument index, string what)
    {
        var candidates = (index.Manifests ?? [])
            .Where(m => MediaTypes.IsManifest(m.MediaType) && m.Platform is { Os: Os, Architecture: Architecture })
            .OrderBy(m => m.Platform!.Variant is null or "" ? 0 : 1)
            .ToList();
        return candidates.FirstOrDefault()
               ?? throw new Swarm.Api.Errors.NotFoundException($"no matching manifest for {Os}/{Architecture} in the manifest list entries of {what}");
    }
}
