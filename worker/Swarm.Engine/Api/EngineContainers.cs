using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Swarm.Api.Errors;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Images;
using Swarm.Engine.Runtime;
using Swarm.Engine.Volumes;

namespace Swarm.Engine.Api;

/// <summary>
/// What the Engine API adds on top of the runtime: names and id prefixes, create from Docker's request, waits
/// with Docker's conditions, --rm (removal once the container exits and every attached stream has drained).
/// </summary>
public sealed partial class EngineContainers(
    ContainerRuntime runtime, ImageStore images, ExecSessions execs, EngineApiOptions options, VolumeStore volumes, ILogger<EngineContainers> logger)
    : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RemovedExitKept = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, int> attached = new(StringComparer.Ordinal);

    // --rm containers can be gone before a waiter polls again: their exit codes stay here a while.
    private readonly ConcurrentDictionary<string, int> removedExits = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource lifetime = new();

    public ContainerRuntime Runtime => runtime;

    /// <summary>Full id, name (with or without the leading slash) or unique id prefix.</summary>
    public ContainerInfo Resolve(string idOrName)
    {
        var all = runtime.List();
        var name = idOrName.TrimStart('/');
        var match = all.FirstOrDefault(c => c.Config.Id == idOrName) ?? all.FirstOrDefault(c => c.Config.Name == name);
        if (match is not null)
            return match;
        var prefixed = idOrName.Length > 0 ? all.Where(c => c.Config.Id.StartsWith(idOrName, StringComparison.Ordinal)).ToList() : [];
        if (prefixed.Count > 1)
            throw new InvalidSpecException($"multiple containers match {idOrName}");
        return prefixed.Count == 1 ? prefixed[0] : throw new NotFoundException($"No such container: {idOrName}");
    }

    public async Task<string> CreateAsync(string? name, ContainerCreateRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Image))
            throw new InvalidSpecException("no image specified");
        if (request.Tty)
            throw new InvalidSpecException("TTY containers (-t) are not supported by this engine yet");
        if (string.IsNullOrEmpty(name))
            name = ContainerNames.Generate(n => runtime.List().Any(c => c.Config.Name == n));
        else if (!ContainerNames.IsValid(name.TrimStart('/')))
            throw new InvalidSpecException($"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        name = name.TrimStart('/');
        if (runtime.List().Any(c => c.Config.Name == name))
            throw new NameConflictException("container", name);

        var image = await images.TryResolveAsync(request.Image, cancellationToken)
                    ?? throw new NotFoundException($"No such image: {Familiar(request.Image)}");
        var config = ContainerSpecMapper.Map(name, request.Image, image, request, options, volumes);
        await runtime.CreateAsync(config, cancellationToken);
        Log.Created(logger, config.Id, name, request.Image);
        return config.Id;
    }

    public async Task StartAsync(ContainerInfo container, CancellationToken cancellationToken)
    {
        var id = container.Config.Id;
        await runtime.StartAsync(id, cancellationToken);
        if (container.Config.Labels.ContainsKey(EngineLabels.AutoRemove))
            _ = RemoveWhenExitedAsync(id);
    }

    /// <summary>Docker's wait conditions: not-running (default), next-exit, removed.</summary>
    public async Task<int> WaitAsync(string id, string? condition, CancellationToken cancellationToken)
    {
        var initial = runtime.Inspect(id).State;
        var exitCode = initial.ExitCode ?? 0;
        if (condition is "next-exit" or "removed" || initial.Status == ContainerStatus.Running)
            exitCode = await WaitNextExitAsync(id, initial, cancellationToken);
        if (condition == "removed")
        {
            while (runtime.List().Any(c => c.Config.Id == id))
                await Task.Delay(PollInterval, cancellationToken);
        }
        return exitCode;
    }

    /// <summary>Removes a container (killing it first with <paramref name="force"/>) and forgets its exec instances.</summary>
    public async Task RemoveAsync(string id, bool force, CancellationToken cancellationToken)
    {
        await runtime.RemoveAsync(id, force, cancellationToken);
        execs.Forget(id);
    }

    /// <summary>Marks an attached output stream, so --rm waits for it to drain before deleting the log.</summary>
    public IDisposable Attach(string id)
    {
        attached.AddOrUpdate(id, 1, (_, n) => n + 1);
        return new Detach(attached, id);
    }

    public void Dispose()
    {
        lifetime.Cancel();
        lifetime.Dispose();
    }

    /// <summary>Returns once the container runs again or ends a run that began after <paramref name="initial"/>.</summary>
    private async Task<int> WaitNextExitAsync(string id, ContainerState initial, CancellationToken cancellationToken)
    {
        while (true)
        {
            ContainerState state;
            try
            {
                state = runtime.Inspect(id).State;
            }
            catch (NotFoundException) when (removedExits.TryGetValue(id, out var removedExit))
            {
                return removedExit;
            }
            if (state.Status == ContainerStatus.Running)
                return (await runtime.WaitAsync(id, cancellationToken)).ExitCode;
            if (state.Status == ContainerStatus.Exited && state.FinishedAt != initial.FinishedAt)
                return state.ExitCode ?? 0;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task RemoveWhenExitedAsync(string id)
    {
        try
        {
            var exit = await runtime.WaitAsync(id, lifetime.Token);
            removedExits[id] = exit.ExitCode;
            _ = Task.Delay(RemovedExitKept, lifetime.Token).ContinueWith(_ => removedExits.TryRemove(id, out var _), TaskScheduler.Default);
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
            drain.CancelAfter(DrainLimit);
            while (attached.TryGetValue(id, out var n) && n > 0 && !drain.IsCancellationRequested)
                await Task.Delay(PollInterval, CancellationToken.None);
            await RemoveAsync(id, force: false, lifetime.Token);
            Log.AutoRemoved(logger, id);
        }
        catch (Exception e) when (e is OperationCanceledException or SwarmException or IOException)
        {
            Log.AutoRemoveFailed(logger, id, e.Message);
        }
    }

    private static string Familiar(string reference)
        => ImageReference.TryParse(reference, out var parsed) ? parsed!.FamiliarString : reference;

    private sealed class Detach(ConcurrentDictionary<string, int> attached, string id) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
                attached.AddOrUpdate(id, 0, (_, n) => n - 1);
        }
    }
}
