using Swarm.Api.Objects;
using Swarm.Exec;

namespace Swarm.Exec.Tests;

/// <summary>A controller that records each call and fails or blocks where a test says.</summary>
internal sealed class RecordingController : ITaskController
{
    public List<string> Calls { get; } = [];
    public Exception? PrepareError { get; init; }
    public Exception? StartError { get; init; }
    public Exception? HealthError { get; init; }
    public Exception? ShutdownError { get; init; }
    public ExitStatus Exit { get; init; } = new(0);
    public bool WaitBlocks { get; init; }
    public TimeSpan? ShutdownGrace { get; private set; }
    public ContainerStatus? Container { get; init; }

    public Task PrepareAsync(CancellationToken cancellationToken) => Record("prepare", PrepareError);

    public Task StartAsync(CancellationToken cancellationToken) => Record("start", StartError);

    public Task WaitHealthyAsync(CancellationToken cancellationToken) => Record("healthy", HealthError);

    public async Task<ExitStatus> WaitAsync(CancellationToken cancellationToken)
    {
        Calls.Add("wait");
        if (WaitBlocks)
            await Task.Delay(Timeout.Infinite, cancellationToken);
        return Exit;
    }

    public Task ShutdownAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        ShutdownGrace = gracePeriod;
        return Record("shutdown", ShutdownError);
    }

    public Task TerminateAsync(CancellationToken cancellationToken) => Record("terminate", null);

    public Task RemoveAsync(CancellationToken cancellationToken) => Record("remove", null);

    public Task<ContainerStatus?> InspectAsync(CancellationToken cancellationToken) => Task.FromResult(Container);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task Record(string call, Exception? error)
    {
        Calls.Add(call);
        return error is null ? Task.CompletedTask : Task.FromException(error);
    }
}
