using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store;

namespace Swarm.Manager.Tests.ControlApi;

/// <summary>
/// Stands in for every node's agent: a task assigned to a node and wanted running is reported RUNNING; a running
/// task no longer wanted is reported SHUTDOWN. Polls the store until disposed.
/// </summary>
internal sealed class FakeAgents : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly Task running;

    public FakeAgents(MemoryStore store) => running = Task.Run(() => RunAsync(store, stopping.Token));

    private static async Task RunAsync(MemoryStore store, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await store.UpdateAsync(tx =>
                {
                    foreach (var task in tx.Tasks.All().ToList())
                    {
                        var next = Report(task);
                        if (next != task.Status.State)
                            tx.Tasks.Update(task with { Status = new SwarmTaskStatus { State = next, Timestamp = tx.Timestamp, Message = next.ToString().ToLowerInvariant() } });
                    }
                }, stop);
            }
            catch (Exception e) when (e is VersionConflictException or NotFoundException)
            {
                // A control loop wrote (or reaped a task) first; look again.
            }
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static TaskState Report(SwarmTask task)
    {
        if (task.NodeId.Length == 0 || task.Status.State < TaskState.Assigned)
            return task.Status.State;
        if (task.DesiredState == TaskState.Running && task.Status.State < TaskState.Running)
            return TaskState.Running;
        if (task.DesiredState > TaskState.Running && task.Status.State <= TaskState.Running)
            return TaskState.Shutdown;
        return task.Status.State;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        stopping.Dispose();
    }
}
