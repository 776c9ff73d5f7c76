using System.Text;
using Swarm.Engine.Init.Native;

namespace Swarm.Engine.Init.Supervision;

/// <summary>
/// The supervisor's listening unix socket (mode 0600: the engine runs as root) and the lock that makes it the
/// only supervisor of its state root: a second one started by a racing engine finds the lock taken and leaves.
/// </summary>
internal sealed unsafe class SupervisorSocket : IDisposable
{
    private readonly string _path;
    private readonly int _lock;

    private SupervisorSocket(string path, int lockFd, int fd)
    {
        _path = path;
        _lock = lockFd;
        Fd = fd;
    }

    public int Fd { get; private set; }

    /// <summary>Null if another supervisor holds the lock.</summary>
    public static SupervisorSocket? Listen(string path)
    {
        var lockFd = Libc.open(Sys.Z(path + ".lock"), Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC, 0x180);
        Sys.Check(lockFd, $"open {path}.lock");
        if (Libc.flock(lockFd, Libc.LOCK_EX | Libc.LOCK_NB) < 0)
        {
            Libc.close(lockFd);
            return null;
        }

        File.Delete(path); // a socket left by a supervisor that died
        var address = Address(path);
        var fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        Sys.Check(fd, "socket");
        var old = Libc.umask(0x3f); // the socket file is created 0600
        var bound = Libc.bind(fd, &address, (uint)sizeof(Libc.SockAddrUn));
        Libc.umask(old);
        Sys.Check(bound, $"bind {path}");
        Sys.Check(Libc.listen(fd, 64), $"listen {path}");
        return new SupervisorSocket(path, lockFd, fd);
    }

    /// <summary>A new connection (close-on-exec, non-blocking so a silent peer cannot stall the loop), or -1.</summary>
    public int Accept() => Libc.accept4(Fd, null, null, Libc.SOCK_CLOEXEC | Libc.SOCK_NONBLOCK);

    /// <summary>Stops taking connections: the file goes first, so an engine arriving now starts a new supervisor.</summary>
    public void Dispose()
    {
        if (Fd < 0)
            return;
        File.Delete(_path);
        Libc.close(Fd);
        Fd = -1;
        Libc.close(_lock);
    }

    private static Libc.SockAddrUn Address(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length > 107)
            throw new InitException($"socket path {path} is longer than 107 bytes");
        var address = new Libc.SockAddrUn { Family = Libc.AF_UNIX };
        for (var i = 0; i < bytes.Length; i++)
            address.Path[i] = bytes[i];
        return address;
    }
}
