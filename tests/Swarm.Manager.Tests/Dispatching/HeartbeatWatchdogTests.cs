using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Swarm.Api.Objects;
using Swarm.Manager.Dispatching;
using Swarm.Store;

namespace Swarm.Manager.Tests.Dispatching;

/// <summary>The watchdog on its own, on a fake clock: DOWN after the grace, ORPHANED after the node-down period.</summary>
public sealed class HeartbeatWatchdogTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly MemoryStore store;
    private readonly SessionRegistry sessions;
    private readonly HeartbeatWatchdog watchdog;

    public HeartbeatWatchdogTests()
    {
        store = new MemoryStore(time: time);
        sessions = new SessionRegistry(time);
        watchdog = new HeartbeatWatchdog(store, sessions, new DispatcherOptions(), time, NullLogger<HeartbeatWatchdog>.Instance);
    }

    [Fact]
    public async Task RunAsync_SilentNode_DownAfterLeaderGrace_ItsTasksOrphanedAfterADay()
    {
        await store.UpdateAsync(tx =>
        {
            tx.Clusters.Create(new Cluster { Id = "c", Spec = new ClusterSpec { Dispatcher = new DispatcherConfig { HeartbeatPeriod = Period } } });
            tx.Nodes.Create(new Node { Id = "n1", Status = new NodeStatus { State = NodeState.Ready } });
            tx.Tasks.Create(new SwarmTask { Id = "running", NodeId = "n1", Status = new SwarmTaskStatus { State = TaskState.Running } });
            tx.Tasks.Create(new SwarmTask { Id = "failed", NodeId = "n1", Status = new SwarmTaskStatus { State = TaskState.Failed } });
        });
        using var leading = new CancellationTokenSource();
        var run = System.Threading.Tasks.Task.Run(() => watchdog.RunAsync(leading.Token));
        try
        {
            await AdvanceUntilAsync(() => Node("n1").Status.State == NodeState.Down, "n1 DOWN");
            Assert.Equal(TaskState.Running, TaskOf("running").Status.State);

            time.Advance(TimeSpan.FromHours(24));
            await AdvanceUntilAsync(() => TaskOf("running").Status.State == TaskState.Orphaned, "task orphaned");

            Assert.Equal(TaskState.Failed, TaskOf("failed").Status.State);
            // 6 periods of grace at the start of a term, then up to one tick late.
            Assert.InRange(Node("n1").Meta.UpdatedAt - DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
                TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(7));
        }
        finally
        {
            await leading.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task RunAsync_LeadershipLost_SessionsEnd()
    {
        using var leading = new CancellationTokenSource();
        var run = System.Threading.Tasks.Task.Run(() => watchdog.RunAsync(leading.Token));
        await AdvanceUntilAsync(() => sessions.IsActive, "term started");
        var session = sessions.Open("n1", TimeSpan.FromSeconds(15));

        await leading.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(session.Ended.IsCancellationRequested);
        Assert.False(sessions.IsActive);
        Assert.Null(sessions.Find("n1", session.Id));
    }

    private Node Node(string id) => store.Snapshot().Nodes.Get(id)!;

    private SwarmTask TaskOf(string id) => store.Snapshot().Tasks.Get(id)!;

    /// <summary>Moves the fake clock a tick at a time (letting the loop run) until the condition holds; bounded.</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition, string what)
    {
        for (var step = 0; step < 2_000; step++)
        {
            if (condition())
                return;
            time.Advance(TimeSpan.FromMilliseconds(50));
            await System.Threading.Tasks.Task.Delay(2);
        }
        throw new TimeoutException($"gave up waiting for {what}");
    }
}
