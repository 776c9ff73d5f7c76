using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Swarm.Api.Dispatch;

namespace Swarm.Agent.Tests.Logs;

/// <summary>A scripted log broker: the test queues subscription messages for the agent and reads what it publishes.</summary>
internal sealed class TestAgentLogs : AgentLogs.AgentLogsBase
{
    private readonly Channel<SubscriptionMessage> outbox = Channel.CreateUnbounded<SubscriptionMessage>();
    private int listeners;
    private int openStreams;

    public ConcurrentQueue<PublishLogsMessage> Published { get; } = new();

    /// <summary>Listen streams open now.</summary>
    public int Listeners => Volatile.Read(ref listeners);

    /// <summary>PublishLogs streams open now.</summary>
    public int OpenStreams => Volatile.Read(ref openStreams);

    public void Send(SubscriptionMessage message) => outbox.Writer.TryWrite(message);

    public override async Task ListenSubscriptions(
        ListenSubscriptionsRequest request, IServerStreamWriter<SubscriptionMessage> responseStream, ServerCallContext context)
    {
        Interlocked.Increment(ref listeners);
        try
        {
            await foreach (var message in outbox.Reader.ReadAllAsync(context.CancellationToken))
                await responseStream.WriteAsync(message, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            // the agent went away
        }
        finally
        {
            Interlocked.Decrement(ref listeners);
        }
    }

    public override async Task<PublishLogsResponse> PublishLogs(IAsyncStreamReader<PublishLogsMessage> requestStream, ServerCallContext context)
    {
        Interlocked.Increment(ref openStreams);
        try
        {
            await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
                Published.Enqueue(message);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or RpcException)
        {
            // the agent cancelled the stream (the subscription was closed)
        }
        finally
        {
            Interlocked.Decrement(ref openStreams);
        }
        return new PublishLogsResponse();
    }
}
