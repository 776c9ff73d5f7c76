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
        if (config.OpenStdin && !File.Exists(dir.StdinFifo))
            Fifo.Create(dir.StdinFifo);
        var hostname = config.Hostname ?? (config.Network.Kind == "host" ? Environment.MachineName : config.Id[..Math.Min(12, config.Id.Length)]);
        Supervision.SupervisorConnection supervisor;
        int pid;
        try
        {
            var cgroups = Cgroups.Create(config.Id, config.Resources);
            var extra = EtcFiles.Write(config, dir, hostname).Concat(SecretsTmpfs.Populate(dir, config.Files));
            var spec = InitSpecBuilder.ForContainer(config, dir, Options, hostname, cgroups, extra);
            await File.WriteAllBytesAsync(dir.SpecFile, InitSpecCodec.Encode(spec), cancellationToken);
            supervisor = await SupervisorAsync(cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(Options.StartTimeout);
            pid = await supervisor.StartAsync(config.Id, dir.SpecFile, limit.Token);
        }
        catch (Exception e)
        {
            await Cgroups.RemoveAsync(config.Id, CancellationToken.None);
            var reason = e is Supervision.SupervisorLostException or OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? $"the container supervisor did not confirm the start within {Options.StartTimeout.TotalSeconds:0} s"
                : e.Message;
            entry.Update(s => s with { Error = reason, ExitCode = 127 });
            Log.StartFailed(_logger, config.Id, reason);
            if (reason != e.Message)
                throw new ContainerStartException(reason);
            throw;
        }

        entry.BeginRun();
        entry.RunCancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var now = _time.GetUtcNow();
        entry.Update(s => s with
        {
            Status = ContainerStatus.Running,
            Pid = pid,
            PidStartTime = ProcFs.LiveStartTime(pid) ?? 0,
            SupervisorPid = supervisor.SupervisorPid,
            SupervisorStartTime = supervisor.SupervisorStartTime,
            StartedAt = now,
            FinishedAt = null,
            ExitCode = null,
            OomKilled = false,
            Error = null,
            Health = config.Healthcheck is null ? null : new HealthState(HealthStatus.Starting, 0, []),
        });
        Log.Started(_logger, config.Id, pid);
        _ = WatchExitAsync(entry, entry.RunCancellation.Token);
        StartHealthcheck(entry, entry.RunCancellation.Token);
    }

    /// <summary>PID 1 has exited (or can no longer be supervised): collect the recorded exit code, OOM status, and release the cgroups.</summary>
    private async Task OnExitedAsync(ContainerEntry entry)
    {
        if (!entry.ClaimExit())
            return;
        var id = entry.Config.Id;
        var state = entry.State;
        var code = entry.Dir.ReadExitCode();
        if (code is null && ProcFs.IsAlive(state.Pid, state.PidStartTime))
        {
            // Its supervisor died (killed by hand?): PID 1 lives on with nobody to record its exit or read its output. End it.
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
        entry.Update(s => s with { Status = ContainerStatus.Exited, ExitCode = exitCode, OomKilled = oom, FinishedAt = finished, Pid = 0 });
        Log.Exited(_logger, id, exitCode, oom);
        entry.Exit.TrySetResult(new ContainerExit(exitCode, oom, finished));
    }
}
