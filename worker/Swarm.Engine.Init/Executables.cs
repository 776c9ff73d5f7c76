namespace Swarm.Engine.Init;

/// <summary>execvp-style lookup of the entrypoint in the container's PATH (after pivot_root, so paths are the container's).</summary>
internal static class Executables
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static string Find(string name, IReadOnlyList<string> env)
    {
        if (name.Contains('/', StringComparison.Ordinal))
            return name;
        var path = env.LastOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?[5..] ?? DefaultPath;
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
                return candidate;
        }

        throw new Native.InitException($"exec: \"{name}\": executable file not found in $PATH");
    }
}
