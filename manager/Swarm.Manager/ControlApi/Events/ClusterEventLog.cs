using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Swarm.Store;
using Swarm.Store.Watch;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Events;

/// <summary>
/// Cluster events as <c>/events</c> shows them: one store watch turned into Docker events, the last
/// <see cref="Capacity"/> kept (Docker keeps 256) so <c>since</c> can replay them, and fanned out to every
/// listening client. A client that falls <see cref="ClientBacklog"/> events behind is cut off.
/// </summary>
/// <remarks>On a node without a store (a worker) it stays empty.</remarks>
internal sealed partial class ClusterEventLog(ILogger<ClusterEventLog> logger, MemoryStore? store = null) : BackgroundService
{
    public const int Capacity = 256;
    public const int ClientBacklog = 1024;

    private readonly Lock gate = new();
    private readonly Queue<E.EngineEvent> recent = new();
    private readonly List<Channel<E.EngineEvent>> listeners = [];

    /// <summary>The kept events and, atomically with them, a reader of every later one. Dispose the lease to stop.</summary>
    public Lease Listen()
    {
        var channel = Channel.CreateBounded<E.EngineEvent>(new BoundedChannelOptions(ClientBacklog) { SingleReader = true, SingleWriter = true });
        lock (gate)
        {
            listeners.Add(channel);
            return new Lease(this, channel, [.. recent]);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (store is not null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var watch = store.ViewAndWatch(e => e.Kind != EventKind.Commit);
                await foreach (var change in watch.Events.ReadAllAsync(stoppingToken))
                {
                    if (EventMapper.ToEvent(change) is { } e)
                        Publish(e);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (WatchClosedException closed)
            {
                // Fell behind or the store was replaced by a snapshot: watch again from now.
                LogWatchRestarted(closed.Message);
            }
        }
    }

    private void Publish(E.EngineEvent e)
    {
        lock (gate)
        {
            recent.Enqueue(e);
            if (recent.Count > Capacity)
                recent.Dequeue();
            for (var i = listeners.Count - 1; i >= 0; i--)
            {
                if (!listeners[i].Writer.TryWrite(e))
                {
                    listeners[i].Writer.TryComplete(new InvalidOperationException($"event listener fell more than {ClientBacklog} events behind"));
                    listeners.RemoveAt(i);
                }
            }
        }
    }

    private void Leave(Channel<E.EngineEvent> channel)
    {
        lock (gate)
            listeners.Remove(channel);
        channel.Writer.TryComplete();
    }

    public sealed class Lease(ClusterEventLog log, Channel<E.EngineEvent> channel, IReadOnlyList<E.EngineEvent> past) : IDisposable
    {
        public IReadOnlyList<E.EngineEvent> Past { get; } = past;

        public ChannelReader<E.EngineEvent> Live => channel.Reader;

        public void Dispose() => log.Leave(channel);
    }
}
