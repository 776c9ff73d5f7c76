using System.Diagnostics;
using Swarm.Engine.Init.Protocol;

namespace Swarm.Engine.Runtime;

public sealed partial class ContainerRuntime
{
    /// <summary>Starts a created (or exited) container; returns once its entrypoint has been exec'd. A no-op if running.</summary>
    public async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        var entry = Get(id);
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            if (entry.State.Status == ContainerStatus.Running)
                return;
            await StartLockedAsync(entry, cancellationToken);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task StartLockedAsync(ContainerEntry entry, CancellationToken cancellationToken)
    {
        var config = entry.Config;
        var dir = entry.Dir;
        File.Delete(dir.ExitFile);
        var hostname = config.Hostname ?? (config.Network.Kind == "host" ? Environment.MachineName : config.Id[..Math.Min(12, config.Id.Length)]);
        var cgroups = Cgroups.Create(config.Id, config.Resources);
        Process monitor;
        int pid;
        try
        {
            var extra = EtcFiles.Write(config, dir, hostname).Concat(SecretsTmpfs.Populate(dir, config.Files));
            var spec = InitSpecBuilder.ForContainer(config, dir, Options, hostname, cgroups, extra);
            await File.WriteAllBytesAsync(dir.SpecFile, InitSpecCodec.Encode(spec), cancellationToken);
            (monitor, pid) = await MonitorLauncher.StartAsync(Options.InitPath, dir.SpecFile, Options.StartTimeout, cancellationToken);
        }
        catch (Exception e)
        {
            await Cgroups.RemoveAsync(config.Id, CancellationToken.None);
            entry.Update(s => s with { Error = e.Message, ExitCode = 127 });
            Log.StartFailed(_logger, config.Id, e.Message);
            throw;
        }

        var exit = new TaskCompletionSource<ContainerExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        entry.Exit = exit;
        entry.Monitor = monitor;
        entry.RunCancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var now = _time.GetUtcNow();
        entry.Update(s => s with
        {
            Status = ContainerStatus.Running,
            Pid = pid,
            PidStartTime = ProcFs.LiveStartTime(pid) ?? 0,
            MonitorPid = monitor.Id,
            MonitorStartTime = ProcFs.LiveStartTime(monitor.Id) ?? 0,
            StartedAt = now,
            FinishedAt = null,
            ExitCode = null,
            OomKilled = false,
            Error = null,
            Health = config.Healthcheck is null ? null : new HealthState(HealthStatus.Starting, 0, []),
        });
        Log.Started(_logger, config.Id, pid);
        _ = WatchChildMonitorAsync(entry, monitor, entry.RunCancellation.Token);
        StartHealthcheck(entry, entry.RunCancellation.Token);
    }

    private async Task WatchChildMonitorAsync(ContainerEntry entry, Process monitor, CancellationToken cancellationToken)
    {
        try
        {
            await monitor.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return; // the runtime is shutting down; the container keeps running and is re-adopted later
        }

        await OnExitedAsync(entry);
    }

    /// <summary>For a re-adopted container the monitor is not our child: poll its identity in /proc.</summary>
    private async Task WatchAdoptedMonitorAsync(ContainerEntry entry, CancellationToken cancellationToken)
    {
        var state = entry.State;
        try
        {
            while (ProcFs.IsAlive(state.MonitorPid, state.MonitorStartTime))
                await Task.Delay(Options.AdoptedExitPollInterval, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await OnExitedAsync(entry);
    }

    /// <summary>The monitor has exited: collect the exit code it recorded, OOM status, and release the cgroups.</summary>
    private async Task OnExitedAsync(ContainerEntry entry)
    {
        var id = entry.Config.Id;
        var state = entry.State;
        var code = entry.Dir.ReadExitCode();
        if (code is null && ProcFs.IsAlive(state.Pid, state.PidStartTime))
        {
            // The monitor died (killed by hand?) but PID 1 lives on without a parent we can read: end it.
            Tmds.Linux.LibC.kill(state.Pid, 9);
        }

        var oom = Cgroups.OomKilled(id);
        try
        {
            await Cgroups.RemoveAsync(id, CancellationToken.None);
        }
        catch (IOException e)
        {
            Log.CgroupRemoveFailed(_logger, id, e.Message);
        }

        entry.RunCancellation?.Cancel();
        var finished = _time.GetUtcNow();
        var exitCode = code ?? 255;
        lock (entry.Sync)
        {
            entry.Update(s => s with { Status = ContainerStatus.Exited, ExitCode = exitCode, OomKilled = oom, FinishedAt = finished, Pid = 0 });
            entry.Monitor?.Dispose();
            entry.Monitor = null;
        }

        Log.Exited(_logger, id, exitCode, oom);
        entry.Exit.TrySetResult(new ContainerExit(exitCode, oom, finished));
    }
}
