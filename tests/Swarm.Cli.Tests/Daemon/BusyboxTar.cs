using System.Formats.Tar;

namespace Swarm.Cli.Tests.Daemon;

/// <summary>A rootfs tar from the host's static busybox (Debian busybox-static), for `docker import`.</summary>
internal static class BusyboxTar
{
    public static string Create(string dir)
    {
        var rootfs = Path.Combine(dir, "rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "bin"));
        Directory.CreateDirectory(Path.Combine(rootfs, "etc"));
        Directory.CreateDirectory(Path.Combine(rootfs, "tmp"));
        File.Copy("/bin/busybox", Path.Combine(rootfs, "bin", "busybox"));
        foreach (var applet in new[] { "sh", "echo", "cat", "sleep", "hostname", "id", "tty" })
            File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        File.WriteAllText(Path.Combine(rootfs, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        var tar = Path.Combine(dir, "busybox.tar");
        TarFile.CreateFromDirectory(rootfs, tar, includeBaseDirectory: false);
        return tar;
    }
}
