namespace Swarm.Engine.Runtime;

/// <summary>
/// realpath(3) for bind-mount sources. swarm-init reaches a source through /.oldroot after pivot_root, where an
/// absolute symlink (e.g. /var/run → /run) would resolve inside the CONTAINER: so sources are resolved here.
/// </summary>
internal static class HostPaths
{
    private const int MaxLinks = 40;

    public static string Resolve(string path)
    {
        var pending = new Stack<string>(Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = "/";
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
                continue;
            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? "/";
                continue;
            }

            var candidate = Path.Combine(resolved, part);
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                resolved = candidate;
                continue;
            }

            if (++links > MaxLinks)
                throw new IOException($"too many levels of symbolic links in {path}");
            if (target.StartsWith('/'))
                resolved = "/";
            foreach (var next in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                pending.Push(next);
        }

        return resolved;
    }
}
