using System.Diagnostics;
using System.Globalization;

namespace Swarm.Engine.Runtime;

/// <summary>
/// Starts `swarm-init monitor &lt;spec&gt;` and reads its one-line handshake. The engine changes none of its own
/// namespaces: swarm-init does all of that in its own process, so starts run fully in parallel.
/// </summary>
internal static class MonitorLauncher
{
    public static async Task<(Process Monitor, int Pid)> StartAsync(string initPath, string specPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(initPath) { UseShellExecute = false, RedirectStandardOutput = true };
        info.ArgumentList.Add("monitor");
        info.ArgumentList.Add(specPath);
        var monitor = Process.Start(info) ?? throw new ContainerStartException($"could not start {initPath}");
        string? line;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            line = await monitor.StandardOutput.ReadLineAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            monitor.Kill(entireProcessTree: true);
            monitor.Dispose();
            throw new ContainerStartException($"swarm-init did not report within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            monitor.StandardOutput.Dispose(); // the monitor stops writing after the handshake
        }

        if (line is not null && line.StartsWith("ok ", StringComparison.Ordinal))
            return (monitor, int.Parse(line.AsSpan(3), CultureInfo.InvariantCulture));

        await monitor.WaitForExitAsync(CancellationToken.None);
        monitor.Dispose();
        throw new ContainerStartException(line is not null && line.StartsWith("error ", StringComparison.Ordinal)
            ? line[6..]
            : "swarm-init exited without reporting");
    }
}
