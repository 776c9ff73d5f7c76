using System.Text;
using Tmds.Linux;

namespace Swarm.Engine.Runtime;

/// <summary>
/// FIFOs between the engine and swarm-init: "rows cols" lines to `swarm-init exec`'s terminal relay, and a
/// container's stdin.
/// </summary>
internal static unsafe class Fifo
{
    public static void Create(string path)
    {
        fixed (byte* p = Encoding.UTF8.GetBytes(path + "\0"))
        {
            if (LibC.mkfifo(p, 0x180) < 0)
                throw new ContainerStartException($"mkfifo {path}: errno {LibC.errno}");
        }
    }

    /// <summary>
    /// Opens the FIFO read-write (non-blocking, close-on-exec) and keeps it: a FIFO with a reader accepts writes,
    /// so what the engine writes before swarm-init has opened its end waits in the pipe instead of being lost.
    /// </summary>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle OpenHeld(string path)
    {
        int fd;
        fixed (byte* p = Encoding.UTF8.GetBytes(path + "\0"))
            fd = LibC.open(p, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0)
            throw new ContainerStartException($"open {path}: errno {LibC.errno}");
        return new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>One "rows cols" line; false if the pipe is full (the relay stopped reading).</summary>
    public static bool TryWriteSize(Microsoft.Win32.SafeHandles.SafeFileHandle fifo, int rows, int columns)
    {
        var line = Encoding.ASCII.GetBytes($"{rows} {columns}\n");
        fixed (byte* b = line)
            return LibC.write((int)fifo.DangerousGetHandle(), b, line.Length) == line.Length;
    }
}
