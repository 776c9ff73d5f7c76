namespace Swarm.Engine.Runtime;

public sealed partial class ContainerRuntime
{
    /// <summary>
    /// Live restore, called once at engine start: loads every container from disk. A container whose supervisor
    /// still runs is re-adopted as is (never restarted); one that ended while we were away gets the exit code
    /// the supervisor recorded.
    /// </summary>
    public async Task<IReadOnlyList<ContainerInfo>> RestoreAsync(CancellationToken cancellationToken)
    {
        foreach (var trash in Directory.EnumerateDirectories(Options.ContainersDir).Concat(Directory.EnumerateDirectories(Options.RunContainersDir))
                     .Where(p => Path.GetFileName(p).StartsWith(RemovingPrefix, StringComparison.Ordinal)).Distinct().ToList())
            DeleteTree(trash);

        foreach (var path in Directory.EnumerateDirectories(Options.ContainersDir))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Path.GetFileName(path).StartsWith(RemovingPrefix, StringComparison.Ordinal))
                continue;
            var dir = DirectoryOf(Path.GetFileName(path));
            ContainerConfig config;
            ContainerState state;
            try
            {
                config = dir.ReadConfig();
                // No volatile state: the host rebooted (or /run was wiped), so nothing of the container runs.
                state = File.Exists(dir.StateFile)
                    ? dir.ReadState()
                    : new ContainerState { Status = ContainerStatus.Exited, ExitCode = 255, Error = "runtime state lost (host restarted?)", CreatedAt = File.GetCreationTimeUtc(dir.ConfigFile) };
                Directory.CreateDirectory(dir.RunPath);
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
            if (ProcFs.IsAlive(state.SupervisorPid, state.SupervisorStartTime))
            {
                Log.Adopted(_logger, config.Id, state.Pid);
                _ = WatchExitAsync(entry, entry.RunCancellation.Token);
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
