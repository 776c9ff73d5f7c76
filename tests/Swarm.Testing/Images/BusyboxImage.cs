namespace Swarm.Testing.Images;

/// <summary>
/// A real busybox image made from Debian's `busybox-static` (/bin/busybox): one layer with /bin/busybox, a symlink
/// per applet (from `busybox --list`), /etc/passwd, /etc/group and /tmp, all built in code.
/// </summary>
public static class BusyboxImage
{
    public const string BusyboxPath = "/bin/busybox";

    public static bool Available => File.Exists(BusyboxPath);

    public static TestImage Build()
    {
        var tar = new LayerTarBuilder()
            .Dir("bin/")
            .File("bin/busybox", File.ReadAllBytes(BusyboxPath), (UnixFileMode)0x1ed)
            .Dir("etc/")
            .File("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")
            .File("etc/group", "root:x:0:\nnogroup:x:65534:\n")
            .Dir("root/", (UnixFileMode)0x1c0)
            .Dir("tmp/", (UnixFileMode)0x3ff /* 1777 */);
        foreach (var applet in Applets())
            if (applet != "busybox")
                tar.Symlink("bin/" + applet, "busybox");
        return new TestImage([tar.Build()], cmd: ["sh"]);
    }

    private static IEnumerable<string> Applets()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(BusyboxPath, "--list")
        {
            RedirectStandardOutput = true,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order();
    }
}
