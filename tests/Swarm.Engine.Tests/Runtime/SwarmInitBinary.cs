using System.Diagnostics;

namespace Swarm.Engine.Tests.Runtime;

/// <summary>
/// The published NativeAOT swarm-init: $SWARM_INIT_PATH, else &lt;repo&gt;/.artifacts/swarm-init/swarm-init (test.sh
/// publishes it there), republished here when missing or older than its sources.
/// </summary>
internal static class SwarmInitBinary
{
    private static readonly Lazy<string> Located = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => Located.Value;

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Swarm.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Swarm.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("SWARM_INIT_PATH") is { Length: > 0 } configured && File.Exists(configured))
            return configured;
        var repo = RepositoryRoot();
        var output = System.IO.Path.Combine(repo, ".artifacts", "swarm-init");
        var binary = System.IO.Path.Combine(output, "swarm-init");
        var project = System.IO.Path.Combine(repo, "worker", "Swarm.Engine.Init");
        var newestSource = Directory.EnumerateFiles(project, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
                        && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Max(File.GetLastWriteTimeUtc);
        if (File.Exists(binary) && File.GetLastWriteTimeUtc(binary) >= newestSource)
            return binary;

        Directory.CreateDirectory(output);
        using var publish = Process.Start(new ProcessStartInfo("dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo", "-v:q", "-clp:ErrorsOnly"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEnd();
        if (!publish.WaitForExit(TimeSpan.FromMinutes(5)) || publish.ExitCode != 0)
            throw new InvalidOperationException($"publishing swarm-init failed: {log.Result}{errors}");
        File.SetLastWriteTimeUtc(binary, DateTime.UtcNow);
        return binary;
    }
}
