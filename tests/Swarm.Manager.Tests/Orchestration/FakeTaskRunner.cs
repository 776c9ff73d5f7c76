using Swarm.Api.Objects;
using Swarm.Store;

namespace Swarm.Manager.Tests.Orchestration;

/// <summary>
/// Stands in for every agent at once: tasks desired to run become RUNNING (or FAILED when their image is in
/// <see cref="Failing"/>), tasks desired to stop become SHUTDOWN. Polls the store; stops on dispose.
/// </summary>
internal sealed class FakeTaskRunner : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    public FakeTaskRunner(MemoryStore store, params string[] failingImages)
    {
        Failing = failingImages.ToHashSet(StringComparer.Ordinal);
        running = Task.Run(() => RunAsync(store, stop.Token));
    }

    public IReadOnlySet<string> Failing { get; }

    private async Task RunAsync(MemoryStore store, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await store.UpdateAsync(tx =>
            {
                foreach (var task in tx.Tasks.All().ToArray())
                {
                    if (Next(task) is { } state)
                        tx.Tasks.Update(task with { Status = task.Status with { State = state, Timestamp = tx.Timestamp } });
                }
            }, CancellationToken.None);
            await Task.Delay(20, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private TaskState? Next(SwarmTask task)
    {
        if (task.Status.State.IsTerminal())
            return null;
        if (task.DesiredState > TaskState.Running)
            return TaskState.Shutdown;
        if (task.DesiredState == TaskState.Running && task.Status.State < TaskState.Running)
            return Failing.Contains(task.Spec.ContainerSpec.Image) ? TaskState.Failed : TaskState.Running;
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }
}
