namespace Swarm.Engine.Runtime;

public sealed partial class ContainerRuntime
{
    /// <summary>
    /// Live restore, called once at engine start: loads every container from disk. A container whose monitor
    /// still runs is re-adopted as is (never restarted); one whose monitor ended while we were away gets the
    /// exit code the monitor recorded.
    /// </summary>
    public async Task<IReadOnlyList<ContainerInfo>> RestoreAsync(CancellationToken cancellationToken)
    {
        foreach (var path in Directory.EnumerateDirectories(Options.ContainersDir))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dir = new ContainerDirectory(path);
            ContainerConfig config;
            ContainerState state;
            try
            {
                config = dir.ReadConfig();
                state = dir.ReadState();
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidDataException)
            {
                Log.RestoreSkipped(_logger, path, e.Message);
                continue;
            }

            var entry = new ContainerEntry(config, dir, state);
            if (!_containers.TryAdd(config.Id, entry))
                continue;
            if (state.Status != ContainerStatus.Running)
                continue;

            entry.RunCancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
            if (ProcFs.IsAlive(state.MonitorPid, state.MonitorStartTime))
            {
                Log.Adopted(_logger, config.Id, state.Pid);
                _ = WatchAdoptedMonitorAsync(entry, entry.RunCancellation.Token);
                StartHealthcheck(entry, entry.RunCancellation.Token);
            }
            else
            {
                await OnExitedAsync(entry);
            }
        }

        return List();
    }
}
