using System.Runtime.InteropServices;
using System.Text;

namespace Swarm.Engine.Init.Native;

/// <summary>Thin string-friendly wrappers over <see cref="Libc"/> that throw <see cref="InitException"/> on failure.</summary>
internal static unsafe class Sys
{
    /// <summary>Allocates a NUL-terminated UTF-8 copy; the shim is short-lived, so these are never freed.</summary>
    public static byte* Z(string? value)
    {
        if (value is null)
            return null;
        var bytes = Encoding.UTF8.GetByteCount(value);
        var p = (byte*)NativeMemory.Alloc((nuint)bytes + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(p, bytes));
        p[bytes] = 0;
        return p;
    }

    public static byte** Vector(IReadOnlyList<string> values)
    {
        var v = (byte**)NativeMemory.Alloc((nuint)(values.Count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < values.Count; i++)
            v[i] = Z(values[i]);
        v[values.Count] = null;
        return v;
    }

    /// <summary>
    /// Every descriptor from 3 up closes at the next execve: whatever the supervisor or the engine inherited from
    /// whoever started them (a shell's, a test runner's) never reaches a container.
    /// </summary>
    public static void CloseInheritedOnExec()
        => Libc.syscall(Libc.SYS_close_range, 3, unchecked((nint)uint.MaxValue), Libc.CLOSE_RANGE_CLOEXEC, 0);

    /// <summary>open(2) for a long-lived process: the path is pinned for the call, not leaked like <see cref="Z"/>.</summary>
    public static int Open(string path, int flags)
    {
        fixed (byte* p = Encoding.UTF8.GetBytes(path + "\0"))
            return Libc.open(p, flags, 0);
    }

    public static void Check(long rc, string what)
    {
        if (rc < 0)
            throw new InitException($"{what}: {Describe(Libc.Errno)}");
    }

    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    public static void Mount(string? source, string target, string? fstype, uint flags, string? data)
        => Check(Libc.mount(Z(source), Z(target), Z(fstype), flags, Z(data)), $"mount {fstype ?? "bind"} {source} on {target}");

    public static void MkdirAll(string path, uint mode = 0x1ed)
    {
        if (Directory.Exists(path))
            return;
        var parent = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(parent))
            MkdirAll(parent, mode);
        if (Libc.mkdir(Z(path), mode) < 0 && Libc.Errno != Libc.EEXIST)
            throw new InitException($"mkdir {path}: {Describe(Libc.Errno)}");
    }

    /// <summary>Creates an empty file to bind a file onto (a bind mount needs an existing target of the same kind).</summary>
    public static void Touch(string path)
    {
        var parent = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(parent))
            MkdirAll(parent);
        var fd = Libc.open(Z(path), Libc.O_CREAT | Libc.O_WRONLY | Libc.O_CLOEXEC, 0x1a4);
        Check(fd, $"create {path}");
        Libc.close(fd);
    }

    public static void WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var n = Libc.write(fd, p + done, data.Length - done);
                if (n < 0 && Libc.Errno == Libc.EINTR)
                    continue;
                if (n <= 0)
                    return;
                done += (int)n;
            }
        }
    }

    public static void WriteFile(string path, string content)
    {
        var fd = Libc.open(Z(path), Libc.O_WRONLY | Libc.O_CLOEXEC, 0);
        Check(fd, $"open {path}");
        try
        {
            var bytes = Encoding.UTF8.GetBytes(content);
            fixed (byte* p = bytes)
                Check(Libc.write(fd, p, bytes.Length), $"write {path}");
        }
        finally
        {
            Libc.close(fd);
        }
    }

    public static void SetCloseOnExec(int fd) => Libc.fcntl(fd, Libc.F_SETFD, Libc.FD_CLOEXEC);
}

/// <summary>A setup step failed; the message travels back to the engine over the error pipe.</summary>
internal sealed class InitException(string message) : Exception(message);
