using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Manager.LogBroker;
using Swarm.Manager.Tests.Dispatching;

namespace Swarm.Manager.Tests.LogBroker;

/// <summary>The agent-facing gRPC side: who may listen and who may publish what, with raw node clients.</summary>
public sealed class LogBrokerServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PublishLogs_ByTheNodeAsked_ReachesTheReader()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var (node, call, task) = await ListeningNodeAsync(world, "node-a");
        await using var subscription = await Broker(world).SubscribeAsync(Selection(task), CancellationToken.None);
        var sent = await NextAsync(call);

        using var publish = node.Logs.PublishLogs();
        await publish.RequestStream.WriteAsync(Message(sent.Id, task.Id, "hello\n", close: true));
        await publish.RequestStream.CompleteAsync();
        await publish.ResponseAsync;
        var lines = await ReadAllAsync(subscription);

        Assert.Equal([task.Id], sent.TaskIds);
        Assert.Equal(["hello\n"], lines);
        Assert.Empty(subscription.Warnings);
    }

    [Fact]
    public async Task PublishLogs_ForASubscriptionSentToAnotherNode_PermissionDenied()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var (_, call, task) = await ListeningNodeAsync(world, "node-a");
        var intruder = world.Connect("node-b");
        await intruder.RegisterAsync();
        await using var subscription = await Broker(world).SubscribeAsync(Selection(task), CancellationToken.None);
        var sent = await NextAsync(call);

        using var publish = intruder.Logs.PublishLogs();
        await publish.RequestStream.WriteAsync(Message(sent.Id, task.Id, "forged\n", close: true));
        var error = await Assert.ThrowsAsync<RpcException>(() => publish.ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task PublishLogs_ATaskNotAsked_PermissionDeniedAndNothingReachesTheReader()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var (node, call, task) = await ListeningNodeAsync(world, "node-a");
        await using var subscription = await Broker(world).SubscribeAsync(Selection(task), CancellationToken.None);
        var sent = await NextAsync(call);

        using var publish = node.Logs.PublishLogs();
        await publish.RequestStream.WriteAsync(Message(sent.Id, "some-other-task", "forged\n", close: false));
        var error = await Assert.ThrowsAsync<RpcException>(() => publish.ResponseAsync);
        var lines = await ReadAllAsync(subscription);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Empty(lines);
        Assert.Single(subscription.Warnings);
    }

    [Fact]
    public async Task ListenSubscriptions_UnknownSession_NotFound()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var node = world.Connect("node-a");
        await node.RegisterAsync();

        using var call = node.Logs.ListenSubscriptions(new ListenSubscriptionsRequest { SessionId = "not-a-session" });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    private static LogSubscriptions Broker(DispatcherWorld world) => world.Host.Services.GetRequiredService<LogSubscriptions>();

    /// <summary>A registered node listening for subscriptions (once the broker knows it), with a task assigned to it.</summary>
    private static async Task<(NodeChannel Node, Listening Call, SwarmTask Task)> ListeningNodeAsync(DispatcherWorld world, string nodeId)
    {
        var node = world.Connect(nodeId);
        var session = await node.RegisterAsync();
        var call = node.Logs.ListenSubscriptions(new ListenSubscriptionsRequest { SessionId = session.SessionId });
        var task = await world.AssignAsync(nodeId);
        // The stream is registered when the server gets to it: probe until a subscription is sent rather than refused.
        string? probe = null;
        await Swarm.Testing.Eventually.TrueAsync(async () =>
        {
            await using var attempt = await Broker(world).SubscribeAsync(Selection(task), CancellationToken.None);
            probe = attempt.Id;
            return attempt.Warnings.Count == 0;
        }, Patience, "the node's listen stream registered");
        return (node, new Listening(call, probe!), task);
    }

    private sealed record Listening(AsyncServerStreamingCall<SubscriptionMessage> Call, string ProbeId);

    /// <summary>The next subscription sent to the node, past the probe's open and close.</summary>
    private static async Task<SubscriptionMessage> NextAsync(Listening listening)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (await listening.Call.ResponseStream.MoveNext(timeout.Token))
        {
            if (listening.Call.ResponseStream.Current is { Close: false } message && message.Id != listening.ProbeId)
                return message;
        }
        throw new InvalidOperationException("the listen stream ended");
    }

    private static LogSelection Selection(SwarmTask task)
        => LogSelection.Of([task], new LogOptions { Stdout = true, Stderr = true });

    private static PublishLogsMessage Message(string subscriptionId, string taskId, string text, bool close)
    {
        var message = new PublishLogsMessage { SubscriptionId = subscriptionId, Close = close };
        message.Lines.Add(new LogLine
        {
            TaskId = taskId,
            TimeUnixNano = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000,
            Stream = 1,
            Data = ByteString.CopyFrom(Encoding.UTF8.GetBytes(text)),
        });
        return message;
    }

    private static async Task<List<string>> ReadAllAsync(LogSubscription subscription)
    {
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(Patience);
        await foreach (var entry in subscription.ReadAllAsync(timeout.Token))
            lines.Add(Encoding.UTF8.GetString(entry.Data.Span));
        return lines;
    }
}
