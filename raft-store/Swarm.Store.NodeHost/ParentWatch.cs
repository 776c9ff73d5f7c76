namespace Swarm.Store.NodeHost;

/// <summary>
/// Stops this node when the process that started it is gone (<c>--exit-with PID</c>). A test runner or benchmark
/// that is itself killed cannot kill its nodes; without this they would run on as orphans.
/// </summary>
internal static class ParentWatch
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static async Task StopWhenGoneAsync(int parentPid, IHostApplicationLifetime lifetime)
    {
        var token = lifetime.ApplicationStopping;
        try
        {
            while (Directory.Exists($"/proc/{parentPid}"))
                await Task.Delay(Poll, token);
            lifetime.StopApplication();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }
}
