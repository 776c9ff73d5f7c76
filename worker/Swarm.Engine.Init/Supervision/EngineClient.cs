using System.Text;
using Swarm.Engine.Init.Native;

namespace Swarm.Engine.Init.Supervision;

/// <summary>
/// One engine connection to the supervisor: newline-terminated text both ways. Sends never block the
/// supervisor: a peer that cannot take a few bytes at once is dropped (it reconciles from exit files when it
/// reconnects).
/// </summary>
internal sealed unsafe class EngineClient(int fd)
{
    private readonly List<byte> _pending = [];

    public int Fd { get; private set; } = fd;

    public bool Closed => Fd < 0;

    public void Send(string line)
    {
        if (Closed)
            return;
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        fixed (byte* p = bytes)
        {
            if (Libc.send(Fd, p, bytes.Length, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL) != bytes.Length)
                Close();
        }
    }

    /// <summary>Reads what is available; returns the complete lines, or null when the peer has gone.</summary>
    public List<string>? Receive(Span<byte> buffer)
    {
        nint n;
        fixed (byte* p = buffer)
            n = Libc.read(Fd, p, buffer.Length);
        if (n < 0 && Libc.Errno is Libc.EINTR or Libc.EAGAIN)
            return [];
        if (n <= 0)
        {
            Close();
            return null;
        }

        var lines = new List<string>();
        foreach (var b in buffer[..(int)n])
        {
            if (b != (byte)'\n')
            {
                _pending.Add(b);
                continue;
            }

            lines.Add(Encoding.UTF8.GetString([.. _pending]));
            _pending.Clear();
        }

        return lines;
    }

    public void Close()
    {
        if (Fd >= 0)
            Libc.close(Fd);
        Fd = -1;
    }
}
