using Swarm.Engine.Init.Native;
using Swarm.Engine.Init.Protocol;
using Swarm.Engine.Init.Terminal;

namespace Swarm.Engine.Init;

/// <summary>
/// "docker exec": join the target's cgroups, then its ipc/uts/net/pid/mnt namespaces (mnt needs a private
/// fs_struct first), take the container identity and spawn the command; our exit code is the command's.
/// </summary>
internal static unsafe class ExecMode
{
    public static int Run(InitSpec spec)
    {
        try
        {
            var cgroups = Cgroups.Open(spec.Cgroups);
            // Opened before entering the container: the FIFO lives in the engine's state directory. Read-write, so
            // it never reports hang-up between the engine's writes.
            var resizeFd = spec.Tty ? Libc.open(Sys.Z(spec.ResizePath), Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0) : -1;
            if (spec.Tty)
                Sys.Check(resizeFd, $"open {spec.ResizePath}");
            var ns = new List<(int Fd, int Type)>();
            foreach (var (name, type) in new[] { ("ipc", Libc.CLONE_NEWIPC), ("uts", Libc.CLONE_NEWUTS), ("net", Libc.CLONE_NEWNET), ("pid", Libc.CLONE_NEWPID), ("mnt", Libc.CLONE_NEWNS) })
            {
                var fd = Libc.open(Sys.Z($"/proc/{spec.TargetPid}/ns/{name}"), Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
                Sys.Check(fd, $"open {name} namespace of {spec.TargetPid}");
                ns.Add((fd, type));
            }

            Sys.Check(Libc.unshare(Libc.CLONE_FS), "unshare fs");
            foreach (var (fd, type) in ns)
                Sys.Check(Libc.setns(fd, type), $"setns {type:x}");
            var workdir = spec.WorkingDir.Length > 0 ? spec.WorkingDir : "/";
            Sys.Check(Libc.chdir(Sys.Z(workdir)), $"chdir {workdir}");

            var identity = Identity.Resolve(spec.User);
            var env = Identity.WithHome(spec.Env, identity);
            var executable = Executables.Find(spec.Args[0], env);
            var pty = spec.Tty ? Pty.Open() : null;
            if (pty is not null)
            {
                pty.GiveTo(identity.Uid, identity.Gid);
                pty.Resize(spec.Rows, spec.Columns);
            }

            Privileges.Drop(identity, spec.Capabilities, spec.NoNewPrivileges);
            Cgroups.JoinOpened(cgroups);
            Sys.CloseInheritedOnExec();
            var pid = Spawner.Spawn(executable, spec.Args, env, [], defaultSignals: true, pty?.SlavePath);
            if (pty is not null)
                TerminalRelay.Run(pty, resizeFd);
            return Spawner.Wait(pid);
        }
        catch (InitException e)
        {
            Console.Error.WriteLine("swarm-init exec: " + e.Message);
            return 126;
        }
    }
}
