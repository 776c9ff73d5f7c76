using Swarm.Engine.Runtime.Supervision;

namespace Swarm.Engine.Runtime;

public sealed partial class ContainerRuntime
{
    private readonly SemaphoreSlim _supervisorGate = new(1, 1);
    private SupervisorConnection? _supervisor;

    /// <summary>The pid of the node's container supervisor while connected to it.</summary>
    public int? SupervisorPid => _supervisor is { Lost: false } live ? live.SupervisorPid : null;

    private string SupervisorSocket => Path.Combine(Options.RunContainersDir, "supervisor.sock");

    /// <summary>The live connection to the node's supervisor, (re)connecting — and starting one — when needed.</summary>
    private async Task<SupervisorConnection> SupervisorAsync(CancellationToken cancellationToken)
    {
        if (_supervisor is { Lost: false } live)
            return live;
        await _supervisorGate.WaitAsync(cancellationToken);
        try
        {
            if (_supervisor is { Lost: false } again)
                return again;
            if (_supervisor is not null)
                await _supervisor.DisposeAsync();
            _supervisor = await SupervisorConnection.ConnectAsync(Options.InitPath, SupervisorSocket, Options.StartTimeout, cancellationToken);
            return _supervisor;
        }
        finally
        {
            _supervisorGate.Release();
        }
    }

    /// <summary>
    /// Waits for the end of the container's current run. If the connection breaks, reconnects and checks again:
    /// an exit recorded meanwhile is in the exit file, and a container whose supervisor died has lost its parent.
    /// </summary>
    private async Task WatchExitAsync(ContainerEntry entry, CancellationToken cancellationToken)
    {
        var id = entry.Config.Id;
        try
        {
            while (true)
            {
                var supervisor = await SupervisorAsync(cancellationToken);
                var state = entry.State;
                var exit = supervisor.ExitOf(id); // registered before the checks below: nothing falls between them
                var orphaned = state.SupervisorPid != supervisor.SupervisorPid && !ProcFs.IsAlive(state.SupervisorPid, state.SupervisorStartTime);
                if (orphaned || File.Exists(entry.Dir.ExitFile))
                {
                    supervisor.Forget(id, exit);
                    break;
                }

                try
                {
                    await exit.WaitAsync(cancellationToken);
                    supervisor.Forget(id, exit);
                    break;
                }
                catch (SupervisorLostException)
                {
                    await Task.Delay(Options.AdoptedExitPollInterval, _time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return; // the runtime is shutting down; the container keeps running and is re-adopted later
        }
        catch (ContainerStartException)
        {
            // No supervisor answers (a newer engine than the running supervisor, a missing swarm-init): never end
            // containers for that. Watch their supervisor from /proc until it or the container is gone.
            if (!await PollUntilEndedAsync(entry, cancellationToken))
                return;
        }

        await OnExitedAsync(entry);
    }

    /// <summary>False when the runtime is shutting down first.</summary>
    private async Task<bool> PollUntilEndedAsync(ContainerEntry entry, CancellationToken cancellationToken)
    {
        var state = entry.State;
        try
        {
            while (ProcFs.IsAlive(state.SupervisorPid, state.SupervisorStartTime) && !File.Exists(entry.Dir.ExitFile))
                await Task.Delay(Options.AdoptedExitPollInterval, _time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task DisconnectSupervisorAsync()
    {
        if (_supervisor is not null)
            await _supervisor.DisposeAsync();
        _supervisor = null;
    }
}
