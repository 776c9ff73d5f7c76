using System.Threading.Channels;
using Swarm.Store.Watch;

namespace Swarm.Store.Tests.Watch;

/// <summary>Bounded reads from a watch, so a missing event fails a test instead of hanging it.</summary>
internal static class WatchReading
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<StoreEvent> NextAsync(this ChannelReader<StoreEvent> events)
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await events.ReadAsync(cts.Token);
    }

    /// <summary>Reads events up to and including the commit of <paramref name="version"/>.</summary>
    public static async Task<List<StoreEvent>> ReadThroughAsync(this ChannelReader<StoreEvent> events, ulong version)
    {
        var read = new List<StoreEvent>();
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var e = await events.ReadAsync(cts.Token);
            read.Add(e);
            if (e.Kind == EventKind.Commit && e.Version >= version)
                return read;
        }
    }

    /// <summary>True when no event arrives within a short grace period.</summary>
    public static async Task<bool> IsQuietAsync(this ChannelReader<StoreEvent> events)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        try
        {
            return !await events.WaitToReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }
}
