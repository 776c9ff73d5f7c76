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

    /// <summary>Non-blocking: the relay holds the FIFO open for reading, so this never waits; false if it is gone.</summary>
    public static bool TryWrite(string path, int rows, int columns)
    {
        int fd;
        fixed (byte* p = Encoding.UTF8.GetBytes(path + "\0"))
            fd = LibC.open(p, LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0)
            return false;
        try
        {
            var line = Encoding.ASCII.GetBytes($"{rows} {columns}\n");
            fixed (byte* b = line)
                return LibC.write(fd, b, line.Length) == line.Length;
        }
        finally
        {
            LibC.close(fd);
        }
    }
}
