using System.Globalization;
using System.Text;
using Swarm.Engine.Init.Native;
using Swarm.Engine.Init.Protocol;

namespace Swarm.Engine.Init;

/// <summary>
/// The per-container supervisor (like conmon): a NativeAOT process of ~1 MB private memory, so no per-container
/// .NET runtime. It owns the container's PID 1 as its child, which is what makes the exit code obtainable after
/// the engine restarts, and owns the log pipes, so logging does not depend on the engine either.
/// Handshake on stdout: "ok &lt;pid&gt;" or "error &lt;message&gt;", then stdout is closed.
/// </summary>
internal static unsafe class ContainerMonitor
{
    public static int Run(InitSpec spec)
    {
        Libc.setsid(); // leave the engine's session: a ^C to the engine must not reach containers
        int child;
        int outRead, errRead;
        try
        {
            (child, outRead, errRead) = StartInit(spec);
        }
        catch (InitException e)
        {
            Reply("error " + e.Message);
            return 1;
        }

        Reply("ok " + child.ToString(CultureInfo.InvariantCulture));
        RedirectOwnOutput(spec.StateDir);

        using (var log = new JsonLogWriter(spec.LogPath, spec.LogMaxSize, spec.LogMaxFiles))
            Pump(outRead, errRead, log);

        var exitCode = Spawner.Wait(child);
        WriteExitFile(spec.StateDir, exitCode);
        return 0;
    }

    private static (int Child, int OutRead, int ErrRead) StartInit(InitSpec spec)
    {
        var outPipe = Pipe();
        var errPipe = Pipe();
        var report = Pipe();
        var devNull = Libc.open(Sys.Z("/dev/null"), Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        Sys.Check(devNull, "open /dev/null");

        // The new PID namespace applies to children of this thread only; switch back right after the fork so
        // the runtime may create threads again.
        var ownPidNs = Libc.open(Sys.Z("/proc/self/ns/pid"), Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        Sys.Check(ownPidNs, "open own pid namespace");
        var child = ForkInit(spec, devNull, outPipe.Write, errPipe.Write, report.Write, ownPidNs);
        Libc.close(outPipe.Write);
        Libc.close(errPipe.Write);
        Libc.close(report.Write);
        Libc.close(devNull);

        // The init closes fd 3 by exec (close-on-exec): EOF with no bytes means the entrypoint is running.
        var failure = ReadAll(report.Read);
        Libc.close(report.Read);
        if (failure.Length > 0)
        {
            Spawner.Wait(child);
            throw new InitException(failure);
        }

        return (child, outPipe.Read, errPipe.Read);
    }

    /// <summary>
    /// Forks PID 1 of a new PID namespace WITHOUT exec'ing swarm-init again (a second runtime start is a fifth of
    /// a container's start cost). The child is a single-threaded copy of this process: it must never need another
    /// thread, so no GC may run in it (the no-GC region, inherited, covers its few small allocations) and it
    /// never returns through the runtime (it leaves by execve or _exit).
    /// </summary>
    private static int ForkInit(InitSpec spec, int devNull, int stdout, int stderr, int report, int ownPidNs)
    {
        var noGc = GC.TryStartNoGCRegion(4 * 1024 * 1024);
        int child;
        try
        {
            Sys.Check(Libc.unshare(Libc.CLONE_NEWPID), "unshare pid namespace");
            child = Libc.fork();
            if (child == 0)
            {
                Libc.dup2(devNull, 0);
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

    private static void Pump(int outFd, int errFd, JsonLogWriter log)
    {
        var fds = stackalloc Libc.PollFd[2];
        fds[0] = new Libc.PollFd { Fd = outFd, Events = Libc.POLLIN };
        fds[1] = new Libc.PollFd { Fd = errFd, Events = Libc.POLLIN };
        var buffer = new byte[32 * 1024];
        var open = 2;
        while (open > 0)
        {
            if (Libc.poll(fds, 2, -1) < 0)
            {
                if (Libc.Errno == Libc.EINTR)
                    continue;
                break;
            }

            for (var i = 0; i < 2; i++)
            {
                if (fds[i].Fd < 0 || fds[i].Revents == 0)
                    continue;
                nint n;
                fixed (byte* p = buffer)
                    n = Libc.read(fds[i].Fd, p, buffer.Length);
                if (n > 0)
                {
                    log.Append(i == 0 ? "stdout" : "stderr", buffer.AsSpan(0, (int)n));
                    continue;
                }

                if (n < 0 && Libc.Errno == Libc.EINTR)
                    continue;
                log.Flush(i == 0 ? "stdout" : "stderr");
                Libc.close(fds[i].Fd);
                fds[i].Fd = -1; // poll ignores negative fds
                open--;
            }
        }
    }

    private static void WriteExitFile(string stateDir, int exitCode)
    {
        var path = Path.Combine(stateDir, "exit");
        File.WriteAllText(path + ".tmp", exitCode.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(path + ".tmp", path, overwrite: true); // atomic: the engine never reads a half-written code
    }

    private static void RedirectOwnOutput(string stateDir)
    {
        var devNull = Libc.open(Sys.Z("/dev/null"), Libc.O_RDWR, 0);
        var errors = Libc.open(Sys.Z(Path.Combine(stateDir, "monitor.err")), Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC, 0x180);
        Libc.dup2(devNull, 0);
        Libc.dup2(devNull, 1);
        Libc.dup2(errors >= 0 ? errors : devNull, 2);
    }

    private static void Reply(string line)
    {
        Sys.WriteAll(1, Encoding.UTF8.GetBytes(line.ReplaceLineEndings(" ") + "\n"));
    }

    private static string ReadAll(int fd)
    {
        var result = new MemoryStream();
        var buffer = stackalloc byte[4096];
        while (true)
        {
            var n = Libc.read(fd, buffer, 4096);
            if (n < 0 && Libc.Errno == Libc.EINTR)
                continue;
            if (n <= 0)
                break;
            result.Write(new ReadOnlySpan<byte>(buffer, (int)n));
        }

        return Encoding.UTF8.GetString(result.ToArray());
    }

    private static (int Read, int Write) Pipe()
    {
        var fds = stackalloc int[2];
        Sys.Check(Libc.pipe2(fds, Libc.O_CLOEXEC), "pipe");
        return (fds[0], fds[1]);
    }
}
