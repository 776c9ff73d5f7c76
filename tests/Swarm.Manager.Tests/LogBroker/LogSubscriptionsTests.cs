using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Manager.Dispatching;
using Swarm.Manager.LogBroker;
using Swarm.Testing;
using Swarm.Testing.Leadership;

namespace Swarm.Manager.Tests.LogBroker;

/// <summary>The broker's merging and ending rules, without gRPC: nodes are listeners the test plays.</summary>
public sealed class LogSubscriptionsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeLeadership leadership = new();
    private readonly LogSubscriptions broker;

    public LogSubscriptionsTests()
    {
        leadership.Elect();
        var sessions = new SessionRegistry(time);
        sessions.BeginTerm([], [], TimeSpan.FromSeconds(10), CancellationToken.None);
        broker = new LogSubscriptions(leadership, sessions, new LogBrokerOptions { NodeSilenceTimeout = TimeSpan.FromSeconds(8) },
            time, NullLogger<LogSubscriptions>.Instance);
    }

    [Fact]
    public async Task Subscribe_NodeNotListening_EndsAtOnceWithWarning()
    {
        await using var subscription = await broker.SubscribeAsync(Select(false, ("node-a", "t1")), CancellationToken.None);

        var lines = await ReadAllAsync(subscription);

        Assert.Empty(lines);
        Assert.Equal(["node node-a is not available"], subscription.Warnings);
    }

    [Fact]
    public async Task Subscribe_OneNodeMissingOneListening_WaitsForTheListeningOne()
    {
        broker.Listen("node-b");
        await using var subscription = await broker.SubscribeAsync(Select(false, ("node-a", "t1"), ("node-b", "t2")), CancellationToken.None);
        var reading = ReadAllAsync(subscription);

        await subscription.PublishAsync(Line("node-b", "t2", "b1"), CancellationToken.None);
        subscription.StreamFinished("node-b", null);
        var lines = await reading.WaitAsync(Patience);

        Assert.Equal(["b1"], lines);
        Assert.Equal(["node node-a is not available"], subscription.Warnings);
    }

    [Fact]
    public async Task Subscribe_TwoNodes_MergesTheirLinesAndEndsWhenBothClose()
    {
        var a = broker.Listen("node-a");
        var b = broker.Listen("node-b");
        await using var subscription = await broker.SubscribeAsync(Select(false, ("node-a", "t1"), ("node-b", "t2")), CancellationToken.None);
        var reading = ReadAllAsync(subscription);

        Assert.True(a.Outbox.TryRead(out var toA));
        Assert.True(b.Outbox.TryRead(out var toB));
        Assert.Equal(["t1"], toA.TaskIds);
        Assert.Equal(["t2"], toB.TaskIds);
        await subscription.PublishAsync(Line("node-a", "t1", "a1"), CancellationToken.None);
        await subscription.PublishAsync(Line("node-b", "t2", "b1"), CancellationToken.None);
        await subscription.PublishAsync(Line("node-a", "t1", "a2"), CancellationToken.None);
        subscription.StreamFinished("node-a", null);
        Assert.False(reading.IsCompleted);
        subscription.StreamFinished("node-b", null);
        var lines = await reading.WaitAsync(Patience);

        Assert.Equal(["a1", "b1", "a2"], lines);
        Assert.Empty(subscription.Warnings);
    }

    [Fact]
    public async Task Allows_OnlyTheNodeAskedAndOnlyItsTasks()
    {
        broker.Listen("node-a");
        broker.Listen("node-b");
        await using var subscription = await broker.SubscribeAsync(Select(false, ("node-a", "t1"), ("node-b", "t2")), CancellationToken.None);

        Assert.True(subscription.Allows("node-a", "t1"));
        Assert.False(subscription.Allows("node-a", "t2"));
        Assert.False(subscription.Allows("node-c", "t1"));
        Assert.False(subscription.WasSentTo("node-c"));
    }

    [Fact]
    public async Task Unlisten_NodeGoesAway_ReaderKeepsItsLinesAndGetsAWarning()
    {
        var a = broker.Listen("node-a");
        await using var subscription = await broker.SubscribeAsync(Select(true, ("node-a", "t1")), CancellationToken.None);
        var reading = ReadAllAsync(subscription);
        await subscription.PublishAsync(Line("node-a", "t1", "before"), CancellationToken.None);

        broker.Unlisten(a);
        var lines = await reading.WaitAsync(Patience);

        Assert.Equal(["before"], lines);
        Assert.Equal(["node node-a disconnected before sending all logs"], subscription.Warnings);
    }

    [Fact]
    public async Task Listen_AgainFromTheSameNode_EndsTheOldStreamAndItsSubscriptions()
    {
        var old = broker.Listen("node-a");
        await using var subscription = await broker.SubscribeAsync(Select(true, ("node-a", "t1")), CancellationToken.None);

        broker.Listen("node-a");
        var lines = await ReadAllAsync(subscription).WaitAsync(Patience);

        Assert.Empty(lines);
        Assert.Single(subscription.Warnings);
        while (old.Outbox.TryRead(out _))
        {
        }
        Assert.True(old.Outbox.Completion.IsCompleted);
    }

    [Fact]
    public async Task ReadAll_WithoutFollow_GivesUpOnASilentNode()
    {
        broker.Listen("node-a");
        await using var subscription = await broker.SubscribeAsync(Select(false, ("node-a", "t1")), CancellationToken.None);
        var reading = ReadAllAsync(subscription);

        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return reading.IsCompleted;
        }, Patience, "the silent node given up on");

        Assert.Contains("sent nothing", Assert.Single(subscription.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_ReaderLeaves_PendingNodesAreToldToClose()
    {
        var a = broker.Listen("node-a");
        var subscription = await broker.SubscribeAsync(Select(true, ("node-a", "t1")), CancellationToken.None);
        Assert.True(a.Outbox.TryRead(out _));

        await subscription.DisposeAsync();

        Assert.True(a.Outbox.TryRead(out var close));
        Assert.True(close.Close);
        Assert.Equal(subscription.Id, close.Id);
        Assert.False(await subscription.PublishAsync(Line("node-a", "t1", "late"), CancellationToken.None));
    }

    [Fact]
    public async Task Extend_SameNodeAskedAgain_EndsOnlyWhenBothStreamsClosed()
    {
        var a = broker.Listen("node-a");
        await using var subscription = await broker.SubscribeAsync(Select(false, ("node-a", "t1")), CancellationToken.None);
        var reading = ReadAllAsync(subscription);

        Assert.True(broker.Extend(subscription, "node-a", ["t1", "t2"]));
        Assert.True(a.Outbox.TryRead(out _));
        Assert.True(a.Outbox.TryRead(out var second));
        subscription.StreamFinished("node-a", null);
        Assert.False(reading.IsCompleted);
        subscription.StreamFinished("node-a", null);
        await reading.WaitAsync(Patience);

        Assert.Equal(["t2"], second.TaskIds);
        Assert.True(subscription.Allows("node-a", "t2"));
    }

    [Fact]
    public async Task Subscribe_FollowingAService_StaysOpenWhenEveryNodeIsDone()
    {
        broker.Listen("node-a");
        var selection = Select(true, ("node-a", "t1")) with { ServiceIds = new HashSet<string> { "svc" } };
        await using var subscription = await broker.SubscribeAsync(selection, CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var reading = ReadAllAsync(subscription, stop.Token);

        subscription.StreamFinished("node-a", null);
        await Task.Delay(100);
        Assert.False(reading.IsCompleted);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Fact]
    public async Task SubscribeAsync_NotLeading_NotLeaderException()
    {
        leadership.Depose();

        await Assert.ThrowsAsync<Swarm.Api.Errors.NotLeaderException>(
            () => broker.SubscribeAsync(Select(false, ("node-a", "t1")), CancellationToken.None));
    }

    [Fact]
    public async Task ReadAll_LeadershipLostWhileFollowing_EndsWithAWarning()
    {
        broker.Listen("node-a");
        var selection = Select(true, ("node-a", "t1")) with { ServiceIds = new HashSet<string> { "svc" } };
        await using var subscription = await broker.SubscribeAsync(selection, CancellationToken.None);
        var reading = ReadAllAsync(subscription);

        leadership.Depose();
        await reading.WaitAsync(Patience);

        Assert.Contains("stopped leading", Assert.Single(subscription.Warnings), StringComparison.Ordinal);
    }

    private static LogSelection Select(bool follow, params (string Node, string Task)[] tasks)
        => LogSelection.Of(
            tasks.Select(t => new SwarmTask { Id = t.Task, NodeId = t.Node, ServiceId = "svc", DesiredState = TaskState.Running }),
            new LogOptions { Follow = follow, Stdout = true, Stderr = true });

    private LogEntry Line(string node, string task, string text)
        => new(node, task, time.GetUtcNow(), 1, Encoding.UTF8.GetBytes(text));

    private static async Task<List<string>> ReadAllAsync(LogSubscription subscription, CancellationToken cancellationToken = default)
    {
        var lines = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        await foreach (var entry in subscription.ReadAllAsync(timeout.Token))
            lines.Add(Encoding.UTF8.GetString(entry.Data.Span));
        return lines;
    }
}
