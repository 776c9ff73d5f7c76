using System.Globalization;
using Swarm.Engine.Init.Native;

namespace Swarm.Engine.Init.Supervision;

/// <summary>The supervisor's dealings with the system: its own process set-up, reaping, exit files, stdin FIFOs.</summary>
internal static unsafe class SupervisorSystem
{
    /// <summary>A writer on the stdin FIFO held from before the fork, so PID 1 cannot read EOF before any client wrote.</summary>
    public static int HoldStdin(string fifo)
    {
        var fd = Sys.Open(fifo, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        Sys.Check(fd, $"open {fifo}");
        return fd;
    }

    public static int? Wait(int pid, int options)
    {
        int status;
        while (true)
        {
            var rc = Libc.waitpid(pid, &status, options);
            if (rc == pid)
                return ExitStatus.ToExitCode(status);
            if (rc < 0 && Libc.Errno == Libc.EINTR)
                continue;
            return rc < 0 ? 255 : null; // 0: not yet (WNOHANG); ECHILD: somebody else reaped it
        }
    }

    public static void WriteExitFile(string stateDir, int exitCode)
    {
        var path = Path.Combine(stateDir, "exit");
        try
        {
            File.WriteAllText(path + ".tmp", exitCode.ToString(CultureInfo.InvariantCulture) + "\n");
            File.Move(path + ".tmp", path, overwrite: true); // atomic: the engine never reads a half-written code
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"exit file {path}: {e.Message}"); // the container was removed meanwhile
        }
    }

    public static void RaiseFileLimit()
    {
        // Five descriptors per container (three pipes, a pidfd, the log): the default soft limit of 1024 is too few.
        var limit = stackalloc ulong[2];
        if (Libc.syscall(Libc.SYS_prlimit64, 0, Libc.RLIMIT_NOFILE, 0, (nint)limit) == 0 && limit[0] < limit[1])
        {
            limit[0] = limit[1];
            Libc.syscall(Libc.SYS_prlimit64, 0, Libc.RLIMIT_NOFILE, (nint)limit, 0);
        }
    }

    public static void RedirectOwnOutput(string logPath)
    {
        int devNull, errors;
        fixed (byte* path = "/dev/null\0"u8)
            devNull = Libc.open(path, Libc.O_RDWR, 0);
        errors = Libc.open(Sys.Z(logPath), Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC, 0x180);
        Libc.dup2(devNull, 0);
        Libc.dup2(devNull, 1);
        Libc.dup2(errors >= 0 ? errors : devNull, 2);
        Libc.close(devNull);
        if (errors >= 0)
            Libc.close(errors);
    }
}
