using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Swarm.Api.Errors;
using Swarm.Engine.Runtime.Cgroups;

namespace Swarm.Engine.Runtime;

/// <summary>
/// The container runtime: create, start, wait, stop, kill, exec, logs, stats, remove, and re-adoption of running
/// containers after an engine restart (<see cref="RestoreAsync"/>). Containers are children of the node's one
/// swarm-init supervisor process, not of the engine, so disposing the runtime leaves them running (live restore).
/// </summary>
public sealed partial class ContainerRuntime : IAsyncDisposable
{
    private static readonly Regex ValidId = new("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$", RegexOptions.CultureInvariant);
    private readonly ConcurrentDictionary<string, ContainerEntry> _containers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ILogger<ContainerRuntime> _logger;
    private readonly TimeProvider _time;
    private readonly HashSet<Task> _deletions = [];
    private int _disposed;

    public ContainerRuntime(RuntimeOptions options, ILogger<ContainerRuntime> logger, ICgroupDriver? cgroups = null, TimeProvider? time = null)
    {
        Options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        Cgroups = cgroups ?? CgroupDriverDetector.Detect(options.CgroupParent);
        foreach (var dir in new[] { options.ContainersDir, options.RunContainersDir })
        {
            Directory.CreateDirectory(dir);
            if (OperatingSystem.IsLinux()) // specs and state hold env values: root only
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public RuntimeOptions Options { get; }

    public ICgroupDriver Cgroups { get; }

    public Task CreateAsync(ContainerConfig config, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Validate(config);
        var dir = DirectoryOf(config.Id);
        var entry = new ContainerEntry(config, dir, new ContainerState { Status = ContainerStatus.Created, CreatedAt = _time.GetUtcNow() });
        lock (_containers)
        {
            if (_containers.ContainsKey(config.Id) || dir.Exists)
                throw new NameConflictException("container", config.Id);
            if (config.Name.Length > 0 && _containers.Values.Any(c => c.Config.Name == config.Name))
                throw new NameConflictException("container", config.Name);
            dir.Create();
            dir.WriteConfig(config);
            dir.WriteState(entry.State);
            _containers[config.Id] = entry;
        }

        return Task.CompletedTask;
    }

    public ContainerInfo Inspect(string id) => Get(id).Info();

    public IReadOnlyList<ContainerInfo> List() => [.. _containers.Values.Select(c => c.Info())];

    public async Task<ContainerExit> WaitAsync(string id, CancellationToken cancellationToken)
    {
        var entry = Get(id);
        var state = entry.State;
        if (state.Status == ContainerStatus.Exited)
            return new ContainerExit(state.ExitCode ?? 255, state.OomKilled, state.FinishedAt ?? _time.GetUtcNow());
        return await entry.Exit.Task.WaitAsync(cancellationToken);
    }

    public ContainerStats Stats(string id)
    {
        var entry = Get(id);
        var usage = entry.State.Status == ContainerStatus.Running ? Cgroups.ReadUsage(id) : new CgroupUsage(0, 0, 0, 0);
        return new ContainerStats(_time.GetUtcNow(), usage.CpuNanos, usage.MemoryBytes, usage.MemoryLimitBytes, usage.Pids);
    }

    /// <summary>Deletes a stopped container (or kills it first with <paramref name="force"/>): state dir, cgroups, tmpfs.</summary>
    public async Task RemoveAsync(string id, bool force, CancellationToken cancellationToken)
    {
        var entry = Get(id);
        if (entry.State.Status == ContainerStatus.Running)
        {
            if (!force)
                throw new ContainerStateConflictException($"cannot remove container {id}: container is running: stop the container before removing or force remove");
            await KillAsync(id, "SIGKILL", cancellationToken);
            await WaitAsync(id, cancellationToken);
        }

        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            SecretsTmpfs.Unmount(entry.Dir);
            try
            {
                await Cgroups.RemoveAsync(id, cancellationToken);
            }
            catch (IOException e)
            {
                // Still busy (an orphaned process not yet reaped by the host's init): the container goes anyway.
                Log.CgroupRemoveFailed(_logger, id, e.Message);
            }

            // One rename now, the (slow, on a busy disk) recursive delete in the background.
            var trash = entry.Dir.MoveAside(Guid.NewGuid().ToString("N"));
            TrackDeletion(Task.Run(() => trash.ToList().ForEach(DeleteTree), CancellationToken.None));
            _containers.TryRemove(id, out _);
            Log.Removed(_logger, id);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Detaches from every container without stopping any: they keep running under the supervisor.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _lifetime.CancelAsync();
        foreach (var entry in _containers.Values)
            entry.RunCancellation?.Cancel();
        await DisconnectSupervisorAsync();

        Task[] deletions;
        lock (_deletions)
            deletions = [.. _deletions];
        try
        {
            await Task.WhenAll(deletions).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // whatever is left is finished by the next RestoreAsync
        }

        _lifetime.Dispose();
    }

    /// <summary>Directories being deleted; skipped (and finished off) by <see cref="RestoreAsync"/>.</summary>
    internal const string RemovingPrefix = ".removing-";

    private void TrackDeletion(Task deletion)
    {
        lock (_deletions)
            _deletions.Add(deletion);
        deletion.ContinueWith(
            done =>
            {
                lock (_deletions)
                    _deletions.Remove(done);
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static void DeleteTree(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Retried at the next start (RestoreAsync deletes leftover ".removing-" directories).
        }
    }

    private ContainerDirectory DirectoryOf(string id)
        => new(Path.Combine(Options.ContainersDir, id), Path.Combine(Options.RunContainersDir, id));

    private ContainerEntry Get(string id)
        => _containers.TryGetValue(id, out var entry) ? entry : throw NotFoundException.For("container", id);

    private static void Validate(ContainerConfig config)
    {
        if (!ValidId.IsMatch(config.Id))
            throw new InvalidSpecException($"invalid container id \"{config.Id}\"");
        if (config.Args.Count == 0)
            throw new InvalidSpecException("no command specified");
        if (config.RootfsLowerDirs.Count == 0)
            throw new InvalidSpecException("a container needs at least one rootfs layer");
        foreach (var dir in config.RootfsLowerDirs.Where(d => !Directory.Exists(d)))
            throw new InvalidSpecException($"rootfs layer {dir} does not exist");
        foreach (var mount in config.Mounts.Where(m => !m.Target.StartsWith('/')))
            throw new InvalidSpecException($"mount target {mount.Target} is not absolute");
        foreach (var mount in config.Mounts.Where(m => m.Kind != MountKind.Tmpfs && !Path.Exists(m.Source)))
            throw new InvalidSpecException($"mount source {mount.Source} does not exist");
        if (config.Network.Kind is not ("host" or "none" or "path") || (config.Network.Kind == "path" && string.IsNullOrEmpty(config.Network.NamespacePath)))
            throw new InvalidSpecException($"invalid network mode {config.Network.Kind}");
        _ = Capabilities.Compute(config.CapAdd, config.CapDrop);
        _ = Signals.Parse(config.StopSignal);
        foreach (var rlimit in config.Rlimits)
            _ = Rlimits.Resource(rlimit.Name);
    }
}
