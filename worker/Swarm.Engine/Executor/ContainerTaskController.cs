using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Engine.Images;
using Swarm.Engine.Runtime;
using Swarm.Exec;
using ContainerStatus = Swarm.Api.Objects.ContainerStatus;
using RuntimeStatus = Swarm.Engine.Runtime.ContainerStatus;

namespace Swarm.Engine.Executor;

/// <summary>
/// One task's container. Holds no state of its own: every call looks the container up by the task-id label, so
/// a controller made after a restart adopts the container the previous one created.
/// </summary>
internal sealed partial class ContainerTaskController(EngineExecutor executor, SwarmTask task, IReadOnlyList<FileMount> files) : ITaskController
{
    private readonly SemaphoreSlim prepareGate = new(1, 1);

    private ContainerRuntime Runtime => executor.Runtime;

    /// <summary>Pull when the image is missing, then create the container (once).</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await prepareGate.WaitAsync(cancellationToken);
        try
        {
            if (executor.FindContainer(task.Id) is not null)
                return;
            var image = await EnsureImageAsync(cancellationToken);
            var config = TaskContainerConfig.Build(task, image, files, executor.Options, executor.Volumes);
            await Runtime.CreateAsync(config, cancellationToken);
            Log.Created(executor.Logger, task.Id, config.Id, image.Id.ToString());
        }
        finally
        {
            prepareGate.Release();
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var container = Require();
        // Only a created container starts: a running one is adopted, an exited one has had its run.
        if (container.State.Status == RuntimeStatus.Created)
            await Runtime.StartAsync(container.Config.Id, cancellationToken);
    }

    public async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        var container = Require();
        if (container.Config.Healthcheck is null)
            return;
        while (true)
        {
            var info = Runtime.Inspect(container.Config.Id);
            if (info.State.Status != RuntimeStatus.Running || info.State.Health?.Status == HealthStatus.Healthy)
                return;
            if (info.State.Health?.Status == HealthStatus.Unhealthy)
                throw new UnhealthyException();
            await Task.Delay(executor.Options.HealthPollInterval, executor.Time, cancellationToken);
        }
    }

    public async Task<ExitStatus> WaitAsync(CancellationToken cancellationToken)
    {
        var id = Require().Config.Id;
        var exit = Runtime.WaitAsync(id, cancellationToken);
        if (Runtime.Inspect(id).Config.Healthcheck is not null)
        {
            while (!exit.IsCompleted)
            {
                if (Runtime.Inspect(id).State.Health?.Status == HealthStatus.Unhealthy)
                    throw new UnhealthyException();
                await Task.WhenAny(exit, Task.Delay(executor.Options.HealthPollInterval, executor.Time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        var result = await exit;
        return new ExitStatus(result.ExitCode, result.OomKilled ? "OOM killed" : null);
    }

    public async Task ShutdownAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        if (executor.FindContainer(task.Id) is { State.Status: RuntimeStatus.Running } container)
            await Runtime.StopAsync(container.Config.Id, gracePeriod, cancellationToken);
    }

    public async Task TerminateAsync(CancellationToken cancellationToken)
    {
        if (executor.FindContainer(task.Id) is not { State.Status: RuntimeStatus.Running } container)
            return;
        try
        {
            await Runtime.KillAsync(container.Config.Id, "SIGKILL", cancellationToken);
        }
        catch (ContainerStateConflictException)
        {
            // It exited between the look-up and the signal: terminated either way.
        }
    }

    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        if (executor.FindContainer(task.Id) is not { } container)
            return;
        try
        {
            await Runtime.RemoveAsync(container.Config.Id, force: true, cancellationToken);
            Log.Removed(executor.Logger, task.Id, container.Config.Id);
        }
        catch (NotFoundException)
        {
            // Removed concurrently: absent is success.
        }
    }

    public Task<ContainerStatus?> InspectAsync(CancellationToken cancellationToken)
    {
        if (executor.FindContainer(task.Id) is not { } container)
            return Task.FromResult<ContainerStatus?>(null);
        return Task.FromResult<ContainerStatus?>(new ContainerStatus
        {
            ContainerId = container.Config.Id,
            Pid = container.State.Pid,
            ExitCode = container.State.ExitCode ?? 0,
        });
    }

    public ValueTask DisposeAsync()
    {
        prepareGate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<Image> EnsureImageAsync(CancellationToken cancellationToken)
    {
        var reference = task.Spec.ContainerSpec.Image;
        if (string.IsNullOrEmpty(reference))
            throw new InvalidSpecException("the task has no image");
        if (await executor.Images.TryResolveAsync(reference, cancellationToken) is { } local)
            return local;
        Log.Pulling(executor.Logger, task.Id, reference);
        return await executor.Registry.PullAsync(executor.Images, reference, null, cancellationToken);
    }

    private ContainerInfo Require()
        => executor.FindContainer(task.Id) ?? throw new InvalidOperationException($"task {task.Id} has no container: it was never prepared");
}
