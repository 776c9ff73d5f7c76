namespace Swarm.Engine.Api;

/// <summary>
/// Labels the engine keeps on a container for itself (the runtime's config has no place for them): the image as the
/// user named it, its id, and --rm. They persist with the container and are hidden from API answers.
/// </summary>
public static class EngineLabels
{
    public const string Prefix = "swarm.engine.";
    public const string ImageName = Prefix + "image.name";
    public const string ImageId = Prefix + "image.id";
    public const string AutoRemove = Prefix + "autoremove";

    public static IReadOnlyDictionary<string, string> Visible(IReadOnlyDictionary<string, string> labels)
        => labels.Where(l => !l.Key.StartsWith(Prefix, StringComparison.Ordinal)).ToDictionary(l => l.Key, l => l.Value);

    public static string Get(IReadOnlyDictionary<string, string> labels, string key)
        => labels.TryGetValue(key, out var value) ? value : "";
}
