using System.Diagnostics;

namespace Swarm.Engine.Runtime.Supervision;

/// <summary>
/// Starts `swarm-init supervise &lt;socket&gt;` and reads its one-line answer: "ready &lt;pid&gt;", or "busy" when another
/// supervisor already serves the socket (both mean: connect now), or "error &lt;message&gt;". The supervisor leaves
/// our session and outlives us; we never wait for it.
/// </summary>
internal static class SupervisorLauncher
{
    public static async Task LaunchAsync(string initPath, string socketPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(initPath) { UseShellExecute = false, RedirectStandardOutput = true };
        info.ArgumentList.Add("supervise");
        info.ArgumentList.Add(socketPath);
        Process? started;
        try
        {
            started = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ContainerStartException($"cannot start the container supervisor {initPath}: {e.Message}");
        }

        using var supervisor = started ?? throw new ContainerStartException($"could not start {initPath}");
        string? line;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            line = await supervisor.StandardOutput.ReadLineAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            supervisor.Kill();
            throw new ContainerStartException($"the container supervisor ({initPath}) did not report within {timeout.TotalSeconds:0} s");
        }

        if (line is not null && (line.StartsWith("ready ", StringComparison.Ordinal) || line == "busy"))
            return;
        throw new ContainerStartException(line is not null && line.StartsWith("error ", StringComparison.Ordinal)
            ? $"the container supervisor could not start: {line[6..]}"
            : "the container supervisor exited without reporting");
    }
}
