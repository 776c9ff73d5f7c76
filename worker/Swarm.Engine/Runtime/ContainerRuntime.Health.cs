namespace Swarm.Engine.Runtime;

public sealed partial class ContainerRuntime
{
    private const int MaxProbeOutput = 4096;

    /// <summary>One loop per running container with a healthcheck; it ends with the run (or the runtime).</summary>
    private void StartHealthcheck(ContainerEntry entry, CancellationToken cancellationToken)
    {
        var check = entry.Config.Healthcheck;
        if (check is null || HealthEvaluator.ProbeArgs(check.Test) is not { } args)
            return;
        _ = Task.Run(() => HealthLoopAsync(entry, check, args, cancellationToken), CancellationToken.None);
    }

    private async Task HealthLoopAsync(ContainerEntry entry, HealthcheckConfig check, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var started = entry.State.StartedAt ?? _time.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(check.Interval, _time, cancellationToken);
                var result = await ProbeAsync(entry.Config.Id, args, check.Timeout, cancellationToken);
                var inStartPeriod = result.Start - started < check.StartPeriod;
                lock (entry.Sync)
                {
                    if (entry.State.Status != ContainerStatus.Running)
                        return;
                    entry.Update(s => s with
                    {
                        Health = HealthEvaluator.Next(s.Health ?? new HealthState(HealthStatus.Starting, 0, []), result, inStartPeriod, check.Retries),
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ContainerStateConflictException)
        {
            // the container stopped between two probes
        }
    }

    private async Task<HealthProbeResult> ProbeAsync(string id, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = _time.GetUtcNow();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var result = await ExecAsync(id, new ExecConfig { Args = args }, limit.Token);
            var output = result.Stdout + result.Stderr;
            return new HealthProbeResult(start, _time.GetUtcNow(), result.ExitCode, output.Length > MaxProbeOutput ? output[..MaxProbeOutput] : output);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthProbeResult(start, _time.GetUtcNow(), -1, $"Health check exceeded timeout ({timeout.TotalSeconds:0.###}s)");
        }
        catch (ContainerStartException e)
        {
            Log.HealthcheckFailed(_logger, id, e.Message);
            return new HealthProbeResult(start, _time.GetUtcNow(), -1, e.Message);
        }
    }
}
