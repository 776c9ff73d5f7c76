using Microsoft.Extensions.Logging;
using Swarm.Store;

namespace Swarm.Manager;

/// <summary>
/// Runs the leader-only loops while this manager leads: waits for leadership, catches the store up with a read
/// barrier, then runs every loop under the leadership token. A loop that fails is logged and started again after a
/// pause; all of them stop the moment leadership is lost, and start again if it comes back.
/// </summary>
public sealed partial class LeaderLoops(
    ILeadership leadership, MemoryStore store, IReadOnlyList<ILeaderLoop> loops, TimeProvider time, ILogger<LeaderLoops> logger)
{
    public static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await leadership.WaitForLeadershipAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            using var both = CancellationTokenSource.CreateLinkedTokenSource(term, stopping);
            try
            {
                // A new leader may not yet have applied everything committed before it won.
                await store.ReadBarrierAsync(both.Token);
                LogLeading(loops.Count);
                await Task.WhenAll(loops.Select(loop => SuperviseAsync(loop, both.Token)));
            }
            catch (Exception) when (both.IsCancellationRequested)
            {
            }
            catch (Swarm.Api.Errors.NotLeaderException)
            {
                // Lost the lead between the token and the barrier: wait for the next term.
            }
            LogStopped();
        }
    }

    private async Task SuperviseAsync(ILeaderLoop loop, CancellationToken leading)
    {
        while (!leading.IsCancellationRequested)
        {
            try
            {
                await loop.RunAsync(leading);
            }
            catch (Exception) when (leading.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogLoopFailed(error, loop.GetType().Name);
            }
            if (leading.IsCancellationRequested)
                return;
            try
            {
                await Task.Delay(RestartDelay, time, leading);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "leading: running {Count} control loops")]
    private partial void LogLeading(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "not leading: control loops stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Error, Message = "control loop {Loop} failed; restarting it")]
    private partial void LogLoopFailed(Exception error, string loop);
}
