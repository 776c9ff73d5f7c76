using Swarm.Store.Watch;

namespace Swarm.Manager;

/// <summary>
/// The life every leader-only loop shares: run one watch of the store until it ends; if the watch was closed
/// (the loop fell behind, or the store was replaced by a snapshot) start again from a fresh view; when leadership
/// is lost, return quietly — whatever was thrown on the way out is part of losing it.
/// </summary>
internal static class LeaderLoop
{
    public static async Task RunAsync(
        Func<CancellationToken, Task> watchOnce, Action<string> watchRestarted, CancellationToken leadership)
    {
        while (!leadership.IsCancellationRequested)
        {
            try
            {
                await watchOnce(leadership);
            }
            catch (Exception) when (leadership.IsCancellationRequested)
            {
                return;
            }
            catch (WatchClosedException closed)
            {
                watchRestarted(closed.Message);
            }
        }
    }
}
