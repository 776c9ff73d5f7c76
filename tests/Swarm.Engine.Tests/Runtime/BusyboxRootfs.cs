using System.Diagnostics;

namespace Swarm.Engine.Tests.Runtime;

/// <summary>A one-layer rootfs made from the host's static busybox (Debian busybox-static), with a few users.</summary>
internal static class BusyboxRootfs
{
    public static void Create(string dir)
    {
        var bin = Path.Combine(dir, "bin");
        Directory.CreateDirectory(bin);
        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"));
        using (var list = Process.Start(new ProcessStartInfo("/bin/busybox", ["--list"]) { RedirectStandardOutput = true })!)
        {
            foreach (var applet in list.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (applet != "busybox")
                    File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
            }

            list.WaitForExit();
        }

        var etc = Path.Combine(dir, "etc");
        Directory.CreateDirectory(etc);
        File.WriteAllText(Path.Combine(etc, "passwd"),
            "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        File.WriteAllText(Path.Combine(etc, "group"), "root:x:0:\nstaff:x:50:app\napp:x:1000:\nnogroup:x:65534:\n");
        // What every image has: the mount points exist, so nothing is created in the container's upper layer.
        foreach (var sub in new[] { "root", "tmp", "home/app", "proc", "dev", "sys", "run" })
            Directory.CreateDirectory(Path.Combine(dir, sub));
        foreach (var file in new[] { "hosts", "hostname", "resolv.conf" })
            File.WriteAllText(Path.Combine(etc, file), "");
        if (OperatingSystem.IsLinux())
            File.SetUnixFileMode(Path.Combine(dir, "tmp"), (UnixFileMode)0x3ff); // 1777
    }
}
