using System.Text;
using Swarm.Engine.Init.Native;
using Swarm.Engine.Init.Protocol;

namespace Swarm.Engine.Init;

/// <summary>
/// PID 1 of a new container, in the order runc/crun use: cgroups → namespaces → rootfs and mounts → hostname →
/// rlimits → identity → capabilities → no_new_privs → default signals → execve. Any failure is written to fd 3
/// (close-on-exec, read by the supervisor), so a successful execve is reported as EOF.
/// </summary>
internal static unsafe class ContainerInit
{
    public const int ReportFd = 3;

    public static int Run(InitSpec spec)
    {
        Sys.SetCloseOnExec(ReportFd);
        try
        {
            Cgroups.Join(spec.Cgroups);
            EnterNamespaces(spec);
            RootfsSetup.Build(spec);
            if (spec.Hostname.Length > 0)
            {
                var name = Encoding.UTF8.GetBytes(spec.Hostname);
                fixed (byte* p = name)
                    Sys.Check(Libc.sethostname(p, (nuint)name.Length), "sethostname");
            }

            Privileges.ApplyRlimits(spec.Rlimits);
            var identity = Identity.Resolve(spec.User);
            var env = Identity.WithHome(spec.Env, identity);
            var executable = Executables.Find(spec.Args[0], env);
            Privileges.Drop(identity, spec.Capabilities, spec.NoNewPrivileges);
            Privileges.ResetSignals();
            Sys.CloseInheritedOnExec();
            Libc.execve(Sys.Z(executable), Sys.Vector(spec.Args), Sys.Vector(env));
            throw new InitException($"exec {spec.Args[0]}: {Sys.Describe(Libc.Errno)}");
        }
        catch (Exception e)
        {
            Sys.WriteAll(ReportFd, Encoding.UTF8.GetBytes(e is InitException ? e.Message : e.ToString()));
            return 127;
        }
    }

    private static void EnterNamespaces(InitSpec spec)
    {
        switch (spec.NetMode)
        {
            case "path":
                var fd = Libc.open(Sys.Z(spec.NetNsPath), Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
                Sys.Check(fd, $"open network namespace {spec.NetNsPath}");
                Sys.Check(Libc.setns(fd, Libc.CLONE_NEWNET), "join network namespace");
                Libc.close(fd);
                break;
            case "none":
                Sys.Check(Libc.unshare(Libc.CLONE_NEWNET), "unshare network namespace");
                Loopback.Up();
                break;
            default: // host
                break;
        }

        Sys.Check(Libc.unshare(Libc.CLONE_NEWNS | Libc.CLONE_NEWUTS | Libc.CLONE_NEWIPC), "unshare mount/uts/ipc namespaces");
    }
}
