using Swarm.Api.Objects;
using Swarm.Exec;
using Swarm.Exec.Logs;

namespace Swarm.Testing.Exec;

/// <summary>The fake executor's controller: drives one <see cref="FakeContainer"/>.</summary>
internal sealed class FakeTaskController(FakeExecutor executor, FakeContainer container, TimeProvider time) : ITaskController, ITaskLogs
{
    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        container.Prepare();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        container.Start(time);
        return Task.CompletedTask;
    }

    public async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        if (!container.Behaviour.NeverHealthy)
            return;
        // A healthcheck that keeps failing: a moment of retries, then unhealthy.
        await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        throw new UnhealthyException();
    }

    public Task<ExitStatus> WaitAsync(CancellationToken cancellationToken)
    {
        if (container.State == FakeContainerState.Created)
            throw new InvalidOperationException($"container for task {container.TaskId} was never started");
        return container.Exited.WaitAsync(cancellationToken);
    }

    public Task ShutdownAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
        => container.ShutdownAsync(gracePeriod, time, cancellationToken);

    public Task TerminateAsync(CancellationToken cancellationToken)
    {
        container.ExitWith(new ExitStatus(137, "killed"));
        return Task.CompletedTask;
    }

    public Task RemoveAsync(CancellationToken cancellationToken)
    {
        container.ExitWith(new ExitStatus(137, "removed"));
        executor.Forget(container);
        return Task.CompletedTask;
    }

    public Task<ContainerStatus?> InspectAsync(CancellationToken cancellationToken)
        => Task.FromResult<ContainerStatus?>(container.Inspect());

    public IAsyncEnumerable<TaskLogMessage> ReadLogsAsync(TaskLogOptions options, CancellationToken cancellationToken)
        => container.Log.ReadAsync(options, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
