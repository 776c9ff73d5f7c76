using Swarm.Engine.Images;

namespace Swarm.Engine.Layers;

/// <summary>
/// Turns a tar entry name into path components inside the layer. Absolute names and any `..` are refused outright
/// (no legitimate layer needs them); `.` and empty components are dropped.
/// </summary>
internal static class LayerPath
{
    public static string[] Split(string name)
    {
        if (name.StartsWith('/'))
            throw new InvalidImageException($"layer entry \"{name}\" has an absolute path");
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            if (part == "..")
                throw new InvalidImageException($"layer entry \"{name}\" escapes the layer with \"..\"");
            if (part is not "." && part.Length > 0)
                kept.Add(part);
        }
        if (kept.Any(p => p.Contains('\0', StringComparison.Ordinal)))
            throw new InvalidImageException($"layer entry \"{name}\" has a NUL byte");
        return kept.ToArray();
    }
}
