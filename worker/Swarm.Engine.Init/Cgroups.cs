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

    /// <summary>Opens the cgroup.procs files now (host paths) so <see cref="JoinOpened"/> works after setns(mnt).</summary>
    public static unsafe List<int> Open(IEnumerable<string> directories)
    {
        var fds = new List<int>();
        foreach (var dir in directories)
        {
            var fd = Libc.open(Sys.Z(Path.Combine(dir, "cgroup.procs")), Libc.O_WRONLY | Libc.O_CLOEXEC, 0);
            Sys.Check(fd, $"open {dir}/cgroup.procs");
            fds.Add(fd);
        }

        return fds;
    }

    /// <summary>Joins as late as possible: our own threads count against a pids limit until the spawn.</summary>
    public static unsafe void JoinOpened(List<int> fds)
    {
        var zero = (byte)'0';
        foreach (var fd in fds)
        {
            Sys.Check(Libc.write(fd, &zero, 1), "join cgroup");
            Libc.close(fd);
        }
    }
}
