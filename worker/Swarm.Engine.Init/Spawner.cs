using Swarm.Engine.Init.Native;

namespace Swarm.Engine.Init;

/// <summary>
/// posix_spawn: glibc clones with CLONE_VM|CLONE_VFORK and runs only C until exec, so it is safe from a
/// multi-threaded NativeAOT process, and the child inherits the calling thread's namespaces and credentials.
/// </summary>
internal static unsafe class Spawner
{
    /// <summary>Spawns <paramref name="path"/>; <paramref name="fds"/> maps child fd → parent fd.</summary>
    /// <param name="terminal">A pty slave to become the child's stdio and controlling terminal: the child starts a
    /// new session (glibc does setsid before the file actions), so opening the tty there makes it the controlling one.</param>
    public static int Spawn(string path, IReadOnlyList<string> argv, IReadOnlyList<string> env,
        IReadOnlyList<(int Child, int Parent)> fds, bool defaultSignals, string? terminal = null)
    {
        var actions = stackalloc byte[Libc.SpawnFileActionsSize];
        var attr = stackalloc byte[Libc.SpawnAttrSize];
        Libc.posix_spawn_file_actions_init(actions);
        Libc.posix_spawnattr_init(attr);
        foreach (var (child, parent) in fds)
            Libc.posix_spawn_file_actions_adddup2(actions, parent, child);
        short flags = 0;
        if (terminal is not null)
        {
            Libc.posix_spawn_file_actions_addopen(actions, 0, Sys.Z(terminal), Libc.O_RDWR, 0);
            Libc.posix_spawn_file_actions_adddup2(actions, 0, 1);
            Libc.posix_spawn_file_actions_adddup2(actions, 0, 2);
            flags |= Libc.POSIX_SPAWN_SETSID;
        }

        if (defaultSignals)
        {
            // .NET ignores SIGPIPE and may block signals; the workload must start with a clean slate.
            var all = stackalloc byte[Libc.SigSetSize];
            var none = stackalloc byte[Libc.SigSetSize];
            Libc.sigfillset(all);
            Libc.sigdelset(all, Libc.SIGKILL);
            Libc.sigdelset(all, Libc.SIGSTOP);
            Libc.sigemptyset(none);
            Libc.posix_spawnattr_setsigdefault(attr, all);
            Libc.posix_spawnattr_setsigmask(attr, none);
            flags |= Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK;
        }

        Libc.posix_spawnattr_setflags(attr, flags);

        int pid;
        var rc = Libc.posix_spawn(&pid, Sys.Z(path), actions, attr, Sys.Vector(argv), Sys.Vector(env));
        if (rc != 0)
            throw new InitException($"spawn {path}: {Sys.Describe(rc)}");
        return pid;
    }

    public static int Wait(int pid)
    {
        int status;
        while (Libc.waitpid(pid, &status, 0) < 0)
        {
            if (Libc.Errno != Libc.EINTR)
                return 255;
        }

        return ExitStatus.ToExitCode(status);
    }
}
