using System.Runtime.InteropServices;

namespace Swarm.Engine.Init.Native;

/// <summary>
/// The libc calls the shim needs, declared here (blittable, bound at link time via DirectPInvoke) rather than
/// through a wrapper package, so NativeAOT compiles them without reflection or trimming warnings. x86_64 Linux.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    public const uint MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_REMOUNT = 32, MS_BIND = 4096,
        MS_REC = 16384, MS_PRIVATE = 1 << 18, MS_STRICTATIME = 1 << 24;
    public const int MNT_DETACH = 2;
    public const int CLONE_FS = 0x200, CLONE_NEWNS = 0x20000, CLONE_NEWUTS = 0x04000000, CLONE_NEWIPC = 0x08000000,
        CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000;
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_NOCTTY = 0x100, O_TRUNC = 0x200,
        O_CLOEXEC = 0x80000, O_DIRECTORY = 0x10000;
    public const int F_SETFD = 2, FD_CLOEXEC = 1, F_GETFL = 3, F_SETFL = 4;
    public const int PR_CAPBSET_DROP = 24, PR_SET_NO_NEW_PRIVS = 38, PR_CAP_AMBIENT = 47, PR_CAP_AMBIENT_CLEAR_ALL = 4;
    public const int SYS_pivot_root = 155, SYS_capset = 126, SYS_prlimit64 = 302;
    public const uint S_IFCHR = 0x2000;
    public const short POLLIN = 1, POLLERR = 8, POLLHUP = 16, POLLNVAL = 32;
    public const int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000, SOCK_NONBLOCK = 0x800;
    public const int MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000;
    public const int LOCK_EX = 2, LOCK_NB = 4;
    public const int WNOHANG = 1;
    public const int SYS_pidfd_open = 434, SYS_close_range = 436, CLOSE_RANGE_CLOEXEC = 4, RLIMIT_NOFILE = 7;
    public const int EAGAIN = 11;
    public const int EINTR = 4, ENOENT = 2, EEXIST = 17, ECHILD = 10;
    public const short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;
    public const nuint TIOCSPTLCK = 0x40045431, TIOCGPTN = 0x80045430, TIOCSWINSZ = 0x5414;
    public const int EIO = 5, O_NONBLOCK = 0x800;
    public const int SIGKILL = 9, SIGSTOP = 19;

    /// <summary>Sizes of glibc's opaque spawn structures (80 and 336 bytes), rounded up.</summary>
    public const int SpawnFileActionsSize = 128, SpawnAttrSize = 512, SigSetSize = 128;

    [DllImport(Lib, SetLastError = true)] public static extern int mount(byte* source, byte* target, byte* fstype, nuint flags, byte* data);
    [DllImport(Lib, SetLastError = true)] public static extern int umount2(byte* target, int flags);
    [DllImport(Lib, SetLastError = true)] public static extern int unshare(int flags);
    [DllImport(Lib, SetLastError = true)] public static extern int setns(int fd, int nstype);
    [DllImport(Lib, SetLastError = true)] public static extern int chdir(byte* path);
    [DllImport(Lib, SetLastError = true)] public static extern int mkdir(byte* path, uint mode);
    [DllImport(Lib, SetLastError = true)] public static extern int rmdir(byte* path);
    [DllImport(Lib, SetLastError = true)] public static extern int open(byte* path, int flags, uint mode);
    [DllImport(Lib, SetLastError = true)] public static extern int close(int fd);
    [DllImport(Lib, SetLastError = true)] public static extern nint read(int fd, byte* buffer, nint count);
    [DllImport(Lib, SetLastError = true)] public static extern nint write(int fd, byte* buffer, nint count);
    [DllImport(Lib, SetLastError = true)] public static extern int dup2(int oldFd, int newFd);
    [DllImport(Lib, SetLastError = true)] public static extern int pipe2(int* fds, int flags);
    [DllImport(Lib, SetLastError = true)] public static extern int fcntl(int fd, int cmd, int arg);
    [DllImport(Lib, SetLastError = true)] public static extern int symlink(byte* target, byte* linkPath);
    [DllImport(Lib, SetLastError = true)] public static extern int mknod(byte* path, uint mode, ulong dev);
    [DllImport(Lib, SetLastError = true)] public static extern int chmod(byte* path, uint mode);
    [DllImport(Lib, SetLastError = true)] public static extern int sethostname(byte* name, nuint length);
    [DllImport(Lib, SetLastError = true)] public static extern int setgroups(nuint size, uint* groups);
    [DllImport(Lib, SetLastError = true)] public static extern int setresuid(uint ruid, uint euid, uint suid);
    [DllImport(Lib, SetLastError = true)] public static extern int setresgid(uint rgid, uint egid, uint sgid);
    [DllImport(Lib, SetLastError = true)] public static extern int prctl(int option, nuint a2, nuint a3, nuint a4, nuint a5);
    [DllImport(Lib, SetLastError = true)] public static extern long syscall(long number, nint a1, nint a2, nint a3, nint a4);
    [DllImport(Lib, SetLastError = true)] public static extern int execve(byte* path, byte** argv, byte** envp);
    [DllImport(Lib, SetLastError = true)] public static extern nint signal(int signum, nint handler);
    [DllImport(Lib, SetLastError = true)] public static extern int sigemptyset(byte* set);
    [DllImport(Lib, SetLastError = true)] public static extern int sigfillset(byte* set);
    [DllImport(Lib, SetLastError = true)] public static extern int sigdelset(byte* set, int signum);
    [DllImport(Lib, SetLastError = true)] public static extern int sigprocmask(int how, byte* set, byte* oldSet);
    [DllImport(Lib, SetLastError = true)] public static extern int waitpid(int pid, int* status, int options);
    [DllImport(Lib, SetLastError = true)] public static extern int setsid();
    [DllImport(Lib, SetLastError = true)] public static extern int umask(int mask);
    [DllImport(Lib, SetLastError = true)] public static extern int poll(PollFd* fds, nuint count, int timeout);
    [DllImport(Lib, SetLastError = true)] public static extern int posix_spawn(int* pid, byte* path, byte* fileActions, byte* attr, byte** argv, byte** envp);
    [DllImport(Lib, SetLastError = true)] public static extern int posix_spawn_file_actions_init(byte* actions);
    [DllImport(Lib, SetLastError = true)] public static extern int posix_spawn_file_actions_adddup2(byte* actions, int fd, int newFd);
    [DllImport(Lib, SetLastError = true)] public static extern int posix_spawn_file_actions_addopen(byte* actions, int fd, byte* path, int flags, uint mode);
    [DllImport(Lib, SetLastError = true)] public static extern int chown(byte* path, uint owner, uint group);
    [DllImport(Lib, SetLastError = true)] public static extern int posix_spawn_file_actions_addchdir_np(byte* actions, byte* path);
    [DllImport(Lib, SetLastError = true)] public static extern int posix_spawnattr_init(byte* attr);
    [DllImport(Lib, SetLastError = true)] public static extern int posix_spawnattr_setflags(byte* attr, short flags);
    [DllImport(Lib, SetLastError = true)] public static extern int posix_spawnattr_setsigdefault(byte* attr, byte* set);
    [DllImport(Lib, SetLastError = true)] public static extern int posix_spawnattr_setsigmask(byte* attr, byte* set);

    [DllImport(Lib, SetLastError = true)] public static extern int fork();
    [DllImport(Lib)] public static extern void _exit(int status);
    [DllImport(Lib, SetLastError = true)] public static extern int socket(int domain, int type, int protocol);
    [DllImport(Lib, SetLastError = true)] public static extern int ioctl(int fd, nuint request, byte* arg);

    [DllImport(Lib, SetLastError = true)] public static extern int bind(int fd, SockAddrUn* address, uint length);
    [DllImport(Lib, SetLastError = true)] public static extern int listen(int fd, int backlog);
    [DllImport(Lib, SetLastError = true)] public static extern int accept4(int fd, void* address, void* length, int flags);
    [DllImport(Lib, SetLastError = true)] public static extern nint send(int fd, byte* buffer, nint length, int flags);
    [DllImport(Lib, SetLastError = true)] public static extern int flock(int fd, int operation);
    [DllImport(Lib, SetLastError = true)] public static extern int kill(int pid, int signal);

    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>struct sockaddr_un: family plus a NUL-terminated path of at most 107 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockAddrUn
    {
        public ushort Family;
        public fixed byte Path[108];
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
