using Swarm.Agent.Tasks;
using Swarm.Api.Objects;
using Swarm.Testing;

namespace Swarm.Agent.Tests.Tasks;

public sealed class StatusReporterTests
{
    private static SwarmTaskStatus Status(TaskState state) => new() { State = state, Message = state.ToString() };

    [Fact]
    public void Report_OlderAfterNewer_KeepsTheNewer()
    {
        var reporter = new StatusReporter(TimeProvider.System, TimeSpan.Zero, 100);

        reporter.Report("t1", Status(TaskState.Running));
        reporter.Report("t1", Status(TaskState.Preparing));

        Assert.Equal(1, reporter.PendingCount);
    }

    [Fact]
    public async Task RunAsync_SeveralTasks_SendsOneBatchWithTheLatestOfEach()
    {
        var reporter = new StatusReporter(TimeProvider.System, TimeSpan.FromMilliseconds(10), 100);
        var batches = new List<List<KeyValuePair<string, SwarmTaskStatus>>>();
        reporter.Report("t1", Status(TaskState.Accepted));
        reporter.Report("t1", Status(TaskState.Preparing));
        reporter.Report("t2", Status(TaskState.Running));
        using var stop = new CancellationTokenSource();

        var run = reporter.RunAsync((batch, _) => { lock (batches) batches.Add(batch.ToList()); return Task.CompletedTask; }, stop.Token);
        await Eventually.TrueAsync(() => reporter.PendingCount == 0, TimeSpan.FromSeconds(10), "batch sent");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var only = Assert.Single(batches);
        Assert.Equal(2, only.Count);
        Assert.Equal(TaskState.Preparing, only.Single(kv => kv.Key == "t1").Value.State);
    }

    [Fact]
    public async Task RunAsync_SendFails_StatusesStayPendingForTheNextRun()
    {
        var reporter = new StatusReporter(TimeProvider.System, TimeSpan.Zero, 100);
        reporter.Report("t1", Status(TaskState.Running));

        await Assert.ThrowsAsync<IOException>(() => reporter.RunAsync((_, _) => throw new IOException("connection reset"), CancellationToken.None));
        Assert.Equal(1, reporter.PendingCount);

        var sent = new List<string>();
        using var stop = new CancellationTokenSource();
        var run = reporter.RunAsync((batch, _) => { sent.AddRange(batch.Select(kv => kv.Key)); return Task.CompletedTask; }, stop.Token);
        await Eventually.TrueAsync(() => reporter.PendingCount == 0, TimeSpan.FromSeconds(10), "resent");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal(["t1"], sent);
    }

    [Fact]
    public async Task RunAsync_NewerStatusWhileSending_IsSentAfterwards()
    {
        var reporter = new StatusReporter(TimeProvider.System, TimeSpan.Zero, 100);
        var sent = new List<TaskState>();
        reporter.Report("t1", Status(TaskState.Starting));
        using var stop = new CancellationTokenSource();

        var run = reporter.RunAsync((batch, _) =>
        {
            lock (sent)
            {
                sent.AddRange(batch.Select(kv => kv.Value.State));
                if (sent.Count == 1)
                    reporter.Report("t1", Status(TaskState.Running)); // arrives while the first batch is in flight
            }
            return Task.CompletedTask;
        }, stop.Token);
        await Eventually.TrueAsync(() => { lock (sent) return sent.Count == 2; }, TimeSpan.FromSeconds(10), "second send");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal([TaskState.Starting, TaskState.Running], sent);
        Assert.Equal(0, reporter.PendingCount);
    }

    [Fact]
    public async Task RunAsync_MoreThanMaxBatch_SplitsIntoSeveralCalls()
    {
        var reporter = new StatusReporter(TimeProvider.System, TimeSpan.Zero, 3);
        for (var i = 0; i < 7; i++)
            reporter.Report($"t{i}", Status(TaskState.Running));
        var sizes = new List<int>();
        using var stop = new CancellationTokenSource();

        var run = reporter.RunAsync((batch, _) => { lock (sizes) sizes.Add(batch.Count); return Task.CompletedTask; }, stop.Token);
        await Eventually.TrueAsync(() => reporter.PendingCount == 0, TimeSpan.FromSeconds(10), "all sent");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.All(sizes, size => Assert.True(size <= 3));
        Assert.Equal(7, sizes.Sum());
    }
}
