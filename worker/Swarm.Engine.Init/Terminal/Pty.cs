using System.Globalization;
using Swarm.Engine.Init.Native;

namespace Swarm.Engine.Init.Terminal;

/// <summary>
/// A pseudo-terminal from the devpts instance of the mount namespace we are in (the container's own, so the slave
/// path is valid inside it). The master stays with swarm-init; the command opens the slave as its terminal.
/// </summary>
internal sealed unsafe class Pty(int master, string slavePath)
{
    public int Master { get; } = master;

    public string SlavePath { get; } = slavePath;

    public static Pty Open()
    {
        int master;
        fixed (byte* path = "/dev/ptmx\0"u8)
            master = Libc.open(path, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0);
        Sys.Check(master, "open /dev/ptmx");
        var unlock = 0;
        Sys.Check(Libc.ioctl(master, Libc.TIOCSPTLCK, (byte*)&unlock), "unlock pty");
        var number = 0;
        Sys.Check(Libc.ioctl(master, Libc.TIOCGPTN, (byte*)&number), "pty number");
        return new Pty(master, "/dev/pts/" + number.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The command's user must be able to open its terminal (runc chowns the slave the same way).</summary>
    public void GiveTo(uint uid, uint gid) => Sys.Check(Libc.chown(Sys.Z(SlavePath), uid, gid), $"chown {SlavePath}");

    public void Resize(int rows, int columns)
    {
        if (rows <= 0 || columns <= 0)
            return;
        var size = stackalloc ushort[4] { (ushort)rows, (ushort)columns, 0, 0 };
        Libc.ioctl(Master, Libc.TIOCSWINSZ, (byte*)size);
    }
}
