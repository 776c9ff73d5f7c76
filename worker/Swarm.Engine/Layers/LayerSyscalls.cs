using System.Runtime.InteropServices;

namespace Swarm.Engine.Layers;

/// <summary>The few libc calls .NET lacks for faithful extraction (ownership, hard links, device nodes, xattrs, times).</summary>
internal static partial class LayerSyscalls
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    public const uint SIfChr = 0x2000;
    public const uint SIfBlk = 0x6000;
    public const uint SIfIfo = 0x1000;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LChown(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkNod(string path, uint mode, ulong dev);

    [LibraryImport("libc", EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LSetXattr(string path, string name, byte[] value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint LGetXattr(string path, string name, byte[] value, nuint size);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UtimensAt(int dirFd, string path, Timespec[] times, int flags);

    public static void Chown(string path, int uid, int gid) => Check(LChown(path, (uint)uid, (uint)gid), "lchown", path);

    public static void HardLink(string existing, string newPath) => Check(Link(existing, newPath), "link", newPath);

    public static void MakeNode(string path, uint typeAndMode, int major, int minor)
        => Check(MkNod(path, typeAndMode, MakeDev((uint)major, (uint)minor)), "mknod", path);

    public static void SetXattr(string path, string name, byte[] value)
        => Check(LSetXattr(path, name, value, (nuint)value.Length, 0), "lsetxattr " + name, path);

    /// <summary>An xattr's value as text, or null when it is not set.</summary>
    public static string? GetXattr(string path, string name)
    {
        var buffer = new byte[4096];
        var n = LGetXattr(path, name, buffer, (nuint)buffer.Length);
        return n < 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, (int)n);
    }

    public static void SetTimes(string path, DateTimeOffset modified)
    {
        var ts = new Timespec
        {
            Seconds = modified.ToUnixTimeSeconds(),
            Nanoseconds = modified.UtcTicks % TimeSpan.TicksPerSecond * 100,
        };
        Check(UtimensAt(AtFdCwd, path, [ts, ts], AtSymlinkNoFollow), "utimensat", path);
    }

    // glibc's gnu_dev_makedev layout.
    private static ulong MakeDev(uint major, uint minor)
        => ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8)
           | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    private static void Check(int result, string call, string path)
    {
        if (result != 0)
            throw new IOException($"{call} {path}: errno {Marshal.GetLastPInvokeError()}");
    }
}
