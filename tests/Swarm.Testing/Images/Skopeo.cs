using System.Diagnostics;

namespace Swarm.Testing.Images;

/// <summary>skopeo as an independent oracle: copies images between an OCI layout dir and a local registry.</summary>
public static class Skopeo
{
    public const string Binary = "/usr/bin/skopeo";

    public static bool Available => File.Exists(Binary);

    /// <summary>`skopeo copy`; <paramref name="format"/> `v2s2` converts to a Docker schema2 manifest, `oci` to OCI.</summary>
    public static async Task CopyAsync(string source, string destination, string? format = null)
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false" })
            start.ArgumentList.Add(arg);
        if (format is not null)
        {
            start.ArgumentList.Add("--format");
            start.ArgumentList.Add(format);
        }
        start.ArgumentList.Add(source);
        start.ArgumentList.Add(destination);
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
