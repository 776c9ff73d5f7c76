using System.Diagnostics;

namespace Swarm.Bench.Scenarios;

/// <summary>
/// What the engine scenario runs on: a one-layer busybox rootfs (Debian busybox-static) in a temp directory, and
/// the published swarm-init (&lt;repo&gt;/.artifacts/swarm-init, published here when missing).
/// </summary>
internal sealed class EngineScenarioEnvironment : IDisposable
{
    public EngineScenarioEnvironment()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("swarm-bench-engine-").FullName;
        Lower = Path.Combine(Directory, "lower");
        var bin = Path.Combine(Lower, "bin");
        System.IO.Directory.CreateDirectory(bin);
        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"));
        foreach (var applet in new[] { "sh", "true", "sleep" })
            File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        // Like any image: mount points exist, so nothing is created in each container's upper layer.
        foreach (var sub in new[] { "proc", "dev", "sys", "tmp", "etc" })
            System.IO.Directory.CreateDirectory(Path.Combine(Lower, sub));
        foreach (var file in new[] { "hosts", "hostname", "resolv.conf" })
            File.WriteAllText(Path.Combine(Lower, "etc", file), "");
        // Volatile container state on tmpfs, as under /run in production.
        RunRoot = Path.Combine(Directory, "run");
        System.IO.Directory.CreateDirectory(RunRoot);
        using (var mount = Process.Start("mount", ["-t", "tmpfs", "tmpfs", RunRoot]))
            mount.WaitForExit();
        InitPath = LocateInit();
    }

    public string Directory { get; }

    public string Lower { get; }

    public string InitPath { get; }

    public string RunRoot { get; }

    public void Dispose()
    {
        using (var umount = Process.Start("umount", ["-l", RunRoot]))
            umount.WaitForExit();
        // Exited containers' mount namespaces are torn down asynchronously; until then the run-root mount point is busy.
        for (var attempt = 0; attempt < 100 && System.IO.Directory.Exists(Directory); attempt++)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static string LocateInit()
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "Swarm.sln")))
            repo = repo.Parent;
        if (repo is null)
            throw new InvalidOperationException("Swarm.sln not found");
        var output = Path.Combine(repo.FullName, ".artifacts", "swarm-init");
        var binary = Path.Combine(output, "swarm-init");
        if (File.Exists(binary))
            return binary;
        using var publish = Process.Start("dotnet", ["publish", Path.Combine(repo.FullName, "worker", "Swarm.Engine.Init"), "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo", "-v:q"]);
        publish.WaitForExit();
        return File.Exists(binary) ? binary : throw new InvalidOperationException("publishing swarm-init failed");
    }
}
