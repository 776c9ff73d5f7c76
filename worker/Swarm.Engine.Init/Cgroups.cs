using Swarm.Engine.Init.Native;

namespace Swarm.Engine.Init;

/// <summary>Moves this process into the container's cgroups (created and limited by the engine) before exec.</summary>
internal static class Cgroups
{
    public static void Join(IEnumerable<string> directories)
    {
        foreach (var dir in directories)
            Sys.WriteFile(Path.Combine(dir, "cgroup.procs"), "0");
    }
}
