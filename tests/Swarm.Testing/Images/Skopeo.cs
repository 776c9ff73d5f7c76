using System.Diagnostics;

namespace Swarm.Testing.Images;

/// <summary>skopeo as an independent oracle: copies images between an OCI layout dir and a local registry.</summary>
public static class Skopeo
{
    public const string Binary = "/usr/bin/skopeo";

    public static bool Available => File.Exists(Binary);

    public static async Task CopyAsync(string source, string destination)
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", source, destination })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"skopeo copy {source} {destination} took over 120 s");
        }
        await stdout;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"skopeo copy {source} {destination} failed: {await stderr}");
    }
}
