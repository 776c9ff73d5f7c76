using Swarm.Engine.Init.Native;

namespace Swarm.Engine.Init;

/// <summary>Brings "lo" up in a fresh network namespace (network mode "none" still has a loopback, as in Docker).</summary>
internal static unsafe class Loopback
{
    private const int AF_INET = 2, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000;
    private const nuint SIOCGIFFLAGS = 0x8913, SIOCSIFFLAGS = 0x8914;
    private const short IFF_UP = 1;

    public static void Up()
    {
        var fd = Libc.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        Sys.Check(fd, "socket for loopback");
        var ifreq = stackalloc byte[40]; // struct ifreq: name[16], then the flags union member
        new Span<byte>(ifreq, 40).Clear();
        ifreq[0] = (byte)'l';
        ifreq[1] = (byte)'o';
        Sys.Check(Libc.ioctl(fd, SIOCGIFFLAGS, ifreq), "get lo flags");
        *(short*)(ifreq + 16) |= IFF_UP;
        Sys.Check(Libc.ioctl(fd, SIOCSIFFLAGS, ifreq), "set lo up");
        Libc.close(fd);
    }
}
