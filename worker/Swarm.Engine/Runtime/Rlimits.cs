using Swarm.Api.Errors;

namespace Swarm.Engine.Runtime;

/// <summary>rlimit names (as in `--ulimit nofile=1024:2048`) → Linux resource numbers.</summary>
internal static class Rlimits
{
    private static readonly string[] Names =
        ["cpu", "fsize", "data", "stack", "core", "rss", "nproc", "nofile", "memlock", "as", "locks", "sigpending", "msgqueue", "nice", "rtprio", "rttime"];

    public static int Resource(string name)
    {
        var index = Array.IndexOf(Names, name.ToLowerInvariant());
        return index >= 0 ? index : throw new InvalidSpecException($"unknown rlimit: \"{name}\"");
    }
}
