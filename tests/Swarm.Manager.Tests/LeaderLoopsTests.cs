using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Swarm.Api.Objects;
using Swarm.Manager.Allocation;
using Swarm.Manager.Orchestration;
using Swarm.Manager.Scheduling;
using Swarm.Store;
using Swarm.Testing;
using Swarm.Testing.Leadership;

namespace Swarm.Manager.Tests;

public sealed class LeaderLoopsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly MemoryStore store = new();
    private readonly FakeLeadership leadership = new();

    [Fact]
    public async Task RunAsync_Elected_RunsLoopsUntilDeposed_ThenAgainOnReelection()
    {
        var probe = new ProbeLoop();
        using var stopping = new CancellationTokenSource();
        var run = Runner([probe], TimeProvider.System).RunAsync(stopping.Token);

        Assert.False(probe.Started.Reader.TryRead(out _));
        leadership.Elect();
        var first = await probe.Started.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        leadership.Depose();
        await Eventually.TrueAsync(() => first.IsCancellationRequested, Patience, "the loop's token to be cancelled");
        leadership.Elect();
        var second = await probe.Started.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        Assert.False(second.IsCancellationRequested);
        await stopping.CancelAsync();
        await run.WaitAsync(Patience);
    }

    [Fact]
    public async Task RunAsync_LoopFails_RestartedAfterDelay()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var probe = new ProbeLoop { FailFirstRun = true };
        using var stopping = new CancellationTokenSource();
        var run = Runner([probe], time).RunAsync(stopping.Token);
        leadership.Elect();

        await probe.Started.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        await Eventually.TrueAsync(() => probe.Failures == 1, Patience, "the first run to fail");
        Assert.False(probe.Started.Reader.TryRead(out _));
        // The supervisor arms its delay just after the failure; advance until that timer has fired (bounded).
        await Eventually.TrueAsync(async () =>
        {
            time.Advance(LeaderLoops.RestartDelay);
            return await probe.Started.Reader.WaitToReadAsync().AsTask().WaitAsync(TimeSpan.FromMilliseconds(50))
                .ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
        }, Patience, "the failed loop to be started again");

        await stopping.CancelAsync();
        await run.WaitAsync(Patience);
    }

    [Fact]
    public async Task RunAsync_RealLoops_ServiceTasksGetAssignedOnlyWhileLeading()
    {
        await store.UpdateAsync(tx =>
        {
            tx.Nodes.Create(ReadyNode("n1"));
            tx.Nodes.Create(ReadyNode("n2"));
            tx.Services.Create(new Service
            {
                Id = Ids.New(), SpecVersion = 1,
                Spec = new ServiceSpec { Name = "web", Mode = new ServiceMode { Replicated = new ReplicatedMode { Replicas = 2 } } },
            });
        });
        var time = TimeProvider.System;
        ILeaderLoop[] loops =
        [
            new ServiceOrchestrator(store, time, NullLogger<ServiceOrchestrator>.Instance),
            new AllocatorLoop(store, time, NullLogger<AllocatorLoop>.Instance),
            new SchedulerLoop(store, time, NullLogger<SchedulerLoop>.Instance),
        ];
        using var stopping = new CancellationTokenSource();
        var run = Runner(loops, time).RunAsync(stopping.Token);

        await Task.Delay(200);
        Assert.Equal(0, store.Snapshot().Tasks.Count);
        leadership.Elect();
        await Eventually.TrueAsync(
            () => store.Snapshot().Tasks.All().Count(t => t.Status.State == TaskState.Assigned) == 2, Patience, "two assigned tasks");

        var nodes = store.Snapshot().Tasks.All().Select(t => t.NodeId).Order().ToList();
        Assert.Equal(["n1", "n2"], nodes);
        await stopping.CancelAsync();
        await run.WaitAsync(Patience);
    }

    private LeaderLoops Runner(IReadOnlyList<ILeaderLoop> loops, TimeProvider time)
        => new(leadership, store, loops, time, NullLogger<LeaderLoops>.Instance);

    private static Node ReadyNode(string id) => new()
    {
        Id = id,
        Status = new NodeStatus { State = NodeState.Ready },
        Description = new NodeDescription { Hostname = id },
    };

    private sealed class ProbeLoop : ILeaderLoop
    {
        public Channel<CancellationToken> Started { get; } = Channel.CreateUnbounded<CancellationToken>();
        public bool FailFirstRun { get; init; }
        public int Failures { get; private set; }

        public async Task RunAsync(CancellationToken leadership)
        {
            Started.Writer.TryWrite(leadership);
            if (FailFirstRun && Failures == 0)
            {
                Failures++;
                throw new InvalidOperationException("first run fails");
            }
            await Task.Delay(Timeout.Infinite, leadership);
        }
    }
}
