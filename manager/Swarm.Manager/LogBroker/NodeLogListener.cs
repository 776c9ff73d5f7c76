using System.Threading.Channels;
using Swarm.Api.Dispatch;

namespace Swarm.Manager.LogBroker;

/// <summary>One node's ListenSubscriptions stream: what the broker queues for it to send.</summary>
internal sealed class NodeLogListener(string nodeId)
{
    private readonly Channel<SubscriptionMessage> outbox = Channel.CreateUnbounded<SubscriptionMessage>();

    public string NodeId { get; } = nodeId;

    public ChannelReader<SubscriptionMessage> Outbox => outbox.Reader;

    public bool Send(SubscriptionMessage message) => outbox.Writer.TryWrite(message);

    /// <summary>Stops the stream (it was replaced by a newer one from the same node).</summary>
    public void End() => outbox.Writer.TryComplete();
}
