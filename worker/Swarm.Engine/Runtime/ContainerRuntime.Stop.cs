using Tmds.Linux;

namespace Swarm.Engine.Runtime;

public sealed partial class ContainerRuntime
{
    /// <summary>
    /// Docker's stop: the stop signal, then SIGKILL after the grace period. PID 1 without a handler ignores
    /// SIGTERM (the kernel protects it), which is what `--init` is for.
    /// </summary>
    public async Task<ContainerExit?> StopAsync(string id, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var entry = Get(id);
        if (entry.State.Status != ContainerStatus.Running)
            return null;
        var exit = entry.Exit.Task;
        Signal(entry, Signals.Parse(entry.Config.StopSignal));
        var grace = timeout ?? entry.Config.StopTimeout;
        try
        {
            return await exit.WaitAsync(grace, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            Log.StopTimedOut(_logger, id, grace.TotalSeconds);
        }

        Signal(entry, 9);
        return await exit.WaitAsync(cancellationToken);
    }

    /// <summary>Sends a signal to the container's PID 1.</summary>
    public Task KillAsync(string id, string signal, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entry = Get(id);
        if (entry.State.Status != ContainerStatus.Running)
            throw new ContainerStateConflictException($"container {id} is not running");
        Signal(entry, Signals.Parse(signal));
        return Task.CompletedTask;
    }

    private static void Signal(ContainerEntry entry, int signal)
    {
        var state = entry.State;
        // The supervisor reaps PID 1 only when it exits, so a live pid with the recorded start time is still ours.
        if (ProcFs.IsAlive(state.Pid, state.PidStartTime))
            LibC.kill(state.Pid, signal);
    }
}
