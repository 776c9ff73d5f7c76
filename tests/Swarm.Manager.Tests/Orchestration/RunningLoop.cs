namespace Swarm.Manager.Tests.Orchestration;

/// <summary>A loop started with Task.Run whose leadership token is cancelled on dispose; its end is awaited, bounded.</summary>
internal sealed class RunningLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource leadership = new();
    private readonly Task running;

    public RunningLoop(Func<CancellationToken, Task> runAsync)
        => running = Task.Run(() => runAsync(leadership.Token));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await leadership.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            leadership.Dispose();
        }
    }
}
