using System.Text;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Exec.Logs;
using Swarm.Testing;
using Swarm.Testing.Exec;
using Swarm.Testing.Security;

namespace Swarm.Agent.Tests.Logs;

/// <summary>The agent's side of the log broker: what it publishes for the subscriptions it is sent.</summary>
public sealed class LogPublishingTests : IDisposable
{
    private readonly ThrowawayCa ca = new();
    private readonly TempDirectory data = new("swarm-agent-logs-");

    public void Dispose()
    {
        ca.Dispose();
        data.Dispose();
    }

    [Fact]
    public async Task Subscription_RunningTask_PublishesItsLinesThenCloses()
    {
        await using var server = await StartServerAsync();
        var task = AgentHarness.NewTask("busybox", "FAKE_LOG=one|two", "FAKE_LOG_STDERR=oops");
        server.Dispatcher.Assign(task);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), server.Address);
        await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Running);

        server.Logs.Send(Subscription("sub-1", follow: false, task.Id));
        var close = await ClosedAsync(server.Logs, "sub-1");

        Assert.Equal("", close.Error);
        var lines = Lines(server.Logs, "sub-1");
        Assert.Equal([(1, "one\n"), (1, "two\n"), (2, "oops\n")], lines.Select(l => (l.Stream, Encoding.UTF8.GetString(l.Data.Span))));
        Assert.All(lines, l => Assert.Equal(task.Id, l.TaskId));
    }

    [Fact]
    public async Task Subscription_TaskNotOnThisNode_ClosesWithAnError()
    {
        await using var server = await StartServerAsync();
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), server.Address);
        await Eventually.TrueAsync(() => server.Logs.Listeners == 1, AgentHarness.Timeout, "the agent listening");

        server.Logs.Send(Subscription("sub-2", follow: false, "elsewhere"));
        var close = await ClosedAsync(server.Logs, "sub-2");

        Assert.Contains("task elsewhere is not on this node", close.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscription_FollowThenClose_StreamsNewLinesAndStopsWhenTheManagerCloses()
    {
        await using var server = await StartServerAsync();
        var task = AgentHarness.NewTask("busybox", "FAKE_LOG=first");
        server.Dispatcher.Assign(task);
        await using var agent = new AgentHarness(ca, data.Path, new FakeExecutor(), server.Address);
        await AgentHarness.ReportedAsync(server.Dispatcher, task.Id, TaskState.Running);

        server.Logs.Send(Subscription("sub-3", follow: true, task.Id));
        await Eventually.TrueAsync(() => Lines(server.Logs, "sub-3").Count == 1, AgentHarness.Timeout, "the first line");
        agent.Executor.Container(task.Id)!.Log.Write(TaskLogStream.Stdout, "second");
        await Eventually.TrueAsync(() => Lines(server.Logs, "sub-3").Count == 2, AgentHarness.Timeout, "the line written later");
        server.Logs.Send(new SubscriptionMessage { Id = "sub-3", Close = true });

        await Eventually.TrueAsync(() => server.Logs.OpenStreams == 0, AgentHarness.Timeout, "the publish stream ended");
        Assert.Equal(["first\n", "second\n"], Lines(server.Logs, "sub-3").Select(l => Encoding.UTF8.GetString(l.Data.Span)));
    }

    /// <summary>
    /// With a relaxed heartbeat: this fake broker sends each subscription once, so a session that ends (a 100 ms
    /// heartbeat misses its 200 ms deadline on a loaded machine) would take an unanswered subscription with it.
    /// </summary>
    private async Task<TestDispatcherServer> StartServerAsync()
    {
        var server = await TestDispatcherServer.StartAsync(ca);
        server.Dispatcher.HeartbeatPeriod = TimeSpan.FromSeconds(1);
        return server;
    }

    private static SubscriptionMessage Subscription(string id, bool follow, params string[] taskIds)
    {
        var message = new SubscriptionMessage { Id = id, Options = new LogOptions { Follow = follow, Stdout = true, Stderr = true } };
        message.TaskIds.AddRange(taskIds);
        return message;
    }

    private static List<LogLine> Lines(TestAgentLogs logs, string id)
        => logs.Published.Where(m => m.SubscriptionId == id).SelectMany(m => m.Lines).ToList();

    private static async Task<PublishLogsMessage> ClosedAsync(TestAgentLogs logs, string id)
    {
        await Eventually.TrueAsync(() => logs.Published.Any(m => m.SubscriptionId == id && m.Close), AgentHarness.Timeout, $"{id} closed");
        return logs.Published.Single(m => m.SubscriptionId == id && m.Close);
    }
}
