using Swarm.Engine.Init.Native;
using Swarm.Engine.Init.Protocol;

namespace Swarm.Engine.Init.Supervision;

/// <summary>The parent's ends of a freshly forked container PID 1: its output pipes and its set-up report pipe.</summary>
internal readonly record struct ForkedInit(int Pid, int Stdout, int Stderr, int Report);

/// <summary>
/// Forks PID 1 of a new PID namespace WITHOUT exec'ing swarm-init again (a second runtime start is a fifth of a
/// container's start cost). The child is a single-threaded copy of the supervisor: it must never need another
/// thread, so no GC may run in it (the no-GC region, inherited, covers its few small allocations) and it never
/// returns through the runtime (it leaves by execve or _exit). The child's set-up runs in parallel with the
/// supervisor: success is EOF on the report pipe (closed by exec), failure is a message on it.
/// </summary>
internal static unsafe class InitForker
{
    public static ForkedInit Fork(InitSpec spec)
    {
        var (outRead, outWrite) = Pipe();
        var (errRead, errWrite) = Pipe();
        var (reportRead, reportWrite) = Pipe();
        int stdin, ownPidNs;
        if (spec.StdinPath.Length > 0)
            stdin = OpenStdinReader(spec.StdinPath);
        else
        {
            fixed (byte* path = "/dev/null\0"u8)
                stdin = Libc.open(path, Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        }

        fixed (byte* path = "/proc/self/ns/pid\0"u8)
            ownPidNs = Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        try
        {
            Sys.Check(stdin, "open stdin");
            Sys.Check(ownPidNs, "open own pid namespace");
            var pid = ForkChild(spec, stdin, outWrite, errWrite, reportWrite, ownPidNs);
            return new ForkedInit(pid, outRead, errRead, reportRead);
        }
        catch
        {
            Libc.close(outRead);
            Libc.close(errRead);
            Libc.close(reportRead);
            throw;
        }
        finally
        {
            Libc.close(outWrite);
            Libc.close(errWrite);
            Libc.close(reportWrite);
            Libc.close(stdin);
            Libc.close(ownPidNs);
        }
    }

    private static int ForkChild(InitSpec spec, int stdin, int stdout, int stderr, int report, int ownPidNs)
    {
        var noGc = GC.TryStartNoGCRegion(4 * 1024 * 1024);
        int child;
        try
        {
            // The new PID namespace applies to children of this thread only; switch back right after the fork.
            Sys.Check(Libc.unshare(Libc.CLONE_NEWPID), "unshare pid namespace");
            child = Libc.fork();
            if (child == 0)
            {
                Libc.dup2(stdin, 0);
                Libc.dup2(stdout, 1);
                Libc.dup2(stderr, 2);
                Libc.dup2(report, ContainerInit.ReportFd);
                Libc._exit(ContainerInit.Run(spec));
            }

            Sys.Check(child, "fork");
        }
        finally
        {
            Libc.setns(ownPidNs, Libc.CLONE_NEWPID);
            if (noGc && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
                GC.EndNoGCRegion();
        }

        return child;
    }

    /// <summary>
    /// The read end of the engine's stdin FIFO for PID 1. Opened non-blocking (there may be no writer yet), then
    /// made blocking again, as a program reading its stdin expects.
    /// </summary>
    private static int OpenStdinReader(string fifo)
    {
        var fd = Sys.Open(fifo, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        Sys.Check(fd, $"open {fifo}");
        Libc.fcntl(fd, Libc.F_SETFL, Libc.fcntl(fd, Libc.F_GETFL, 0) & ~Libc.O_NONBLOCK);
        return fd;
    }

    private static (int Read, int Write) Pipe()
    {
        var fds = stackalloc int[2];
        Sys.Check(Libc.pipe2(fds, Libc.O_CLOEXEC), "pipe");
        return (fds[0], fds[1]);
    }
}
