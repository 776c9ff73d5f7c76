using System.Globalization;
using System.Text;
using Swarm.Engine.Init.Native;

namespace Swarm.Engine.Init.Terminal;

/// <summary>
/// Relays between the engine's pipes and a command's terminal: our stdin → pty master, master → our stdout, and
/// "rows cols" lines on the resize FIFO → the terminal's window size. Ends when the command's side of the terminal
/// is closed (the master reads EIO).
/// </summary>
internal static unsafe class TerminalRelay
{
    public static void Run(Pty pty, int resizeFd)
    {
        var fds = stackalloc Libc.PollFd[3];
        // Resize first: a size sent before input is applied before the command reads that input.
        fds[0] = new Libc.PollFd { Fd = resizeFd, Events = Libc.POLLIN };
        fds[1] = new Libc.PollFd { Fd = 0, Events = Libc.POLLIN };
        fds[2] = new Libc.PollFd { Fd = pty.Master, Events = Libc.POLLIN };
        var buffer = stackalloc byte[16 * 1024];
        var resizeLine = new StringBuilder();
        while (true)
        {
            if (Libc.poll(fds, 3, -1) < 0)
            {
                if (Libc.Errno == Libc.EINTR)
                    continue;
                return;
            }

            if (fds[0].Revents != 0)
            {
                var n = Libc.read(resizeFd, buffer, 256);
                if (n > 0)
                    ApplyResizes(pty, resizeLine, new ReadOnlySpan<byte>(buffer, (int)n));
            }

            if (fds[1].Revents != 0)
            {
                var n = Libc.read(0, buffer, 16 * 1024);
                if (n > 0)
                    Sys.WriteAll(pty.Master, new ReadOnlySpan<byte>(buffer, (int)n));
                else if (!(n < 0 && Libc.Errno == Libc.EINTR))
                    fds[1].Fd = -1; // the client closed its input; the command keeps running
            }

            if (fds[2].Revents != 0)
            {
                var n = Libc.read(pty.Master, buffer, 16 * 1024);
                if (n > 0)
                    Sys.WriteAll(1, new ReadOnlySpan<byte>(buffer, (int)n));
                else if (!(n < 0 && Libc.Errno == Libc.EINTR))
                    return; // EIO: every holder of the slave has closed it
            }
        }
    }

    private static void ApplyResizes(Pty pty, StringBuilder pending, ReadOnlySpan<byte> data)
    {
        pending.Append(Encoding.ASCII.GetString(data));
        var text = pending.ToString();
        var end = text.LastIndexOf('\n');
        if (end < 0)
            return;
        foreach (var line in text[..end].Split('\n'))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rows)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var columns))
                pty.Resize(rows, columns);
        }

        pending.Clear().Append(text[(end + 1)..]);
    }
}
