using System.Net;
using System.Text.RegularExpressions;
using Swarm.Api.Objects;
using Swarm.Exec.Logs;
using Swarm.Manager.Tests.ControlPlane;
using Swarm.Testing;
using Swarm.Testing.ControlPlane;

namespace Swarm.Manager.Tests.LogBroker;

/// <summary>
/// GET /services/{id}/logs over the whole path: the leader's broker, subscriptions over gRPC to real agents, fake
/// executors writing the lines. What a client of the Docker API sees.
/// </summary>
public sealed partial class ServiceLogsClusterTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = ControlPlaneCluster.Patience;

    [Fact]
    public async Task ServiceLogs_ThreeReplicas_EveryLineOfEveryTaskInFramesWithDetails()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(1, 3, Heartbeat);
        var service = await CreateAsync(cluster, "web", 3);
        await using var api = await LogsApiHost.StartAsync(cluster, await cluster.LeaderAsync());
        var tasks = RunningTasks(await cluster.StoreAsync(), service.Id);

        var frames = await GetFramesAsync(api, $"/v1.41/services/{service.Id}/logs?stdout=1&stderr=1&details=1");

        Assert.DoesNotContain(frames, f => f.Stream == 3);
        Assert.Equal(9, frames.Count(f => f.Stream == 1));
        Assert.Equal(3, frames.Count(f => f.Stream == 2));
        foreach (var task in tasks)
        {
            var prefix = $"com.docker.swarm.node.id={task.NodeId},com.docker.swarm.service.id={service.Id},com.docker.swarm.task.id={task.Id} ";
            var own = frames.Where(f => f.Text.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            Assert.Equal(["one\n", "two\n", "three\n"], own.Where(f => f.Stream == 1).Select(f => f.Text[prefix.Length..]));
            Assert.Equal("oops\n", Assert.Single(own, f => f.Stream == 2).Text[prefix.Length..]);
        }
    }

    [Fact]
    public async Task ServiceLogs_TailAndTimestamps_LastLinePerTaskWithDockersTimeFormat()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(1, 2, Heartbeat);
        var service = await CreateAsync(cluster, "tail", 3);
        await using var api = await LogsApiHost.StartAsync(cluster, await cluster.LeaderAsync());

        var frames = await GetFramesAsync(api, $"/v1.41/services/{service.Id}/logs?stdout=1&tail=1&timestamps=1");

        Assert.Equal(3, frames.Count);
        Assert.All(frames, f => Assert.Matches(TimestampedThree(), f.Text));
    }

    [Fact]
    public async Task TaskLogs_OneTask_OnlyItsLines()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(1, 2, Heartbeat);
        var service = await CreateAsync(cluster, "one", 2);
        await using var api = await LogsApiHost.StartAsync(cluster, await cluster.LeaderAsync());
        var task = RunningTasks(await cluster.StoreAsync(), service.Id)[0];

        var frames = await GetFramesAsync(api, $"/v1.41/tasks/{task.Id}/logs?stdout=1&details=1");

        Assert.Equal(3, frames.Count);
        Assert.All(frames, f => Assert.Contains($"com.docker.swarm.task.id={task.Id} ", f.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServiceLogs_Follow_StreamsALineWrittenLater()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(1, 3, Heartbeat);
        var service = await CreateAsync(cluster, "follow", 3);
        await using var api = await LogsApiHost.StartAsync(cluster, await cluster.LeaderAsync());
        var task = RunningTasks(await cluster.StoreAsync(), service.Id)[0];
        using var timeout = new CancellationTokenSource(Patience);

        using var response = await api.Client.GetAsync(
            $"/v1.41/services/{service.Id}/logs?stdout=1&follow=1", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        var history = await LogFrames.ReadUntilAsync(body, f => f.Count == 9, timeout.Token);
        cluster.Worker(task.NodeId).Executor.Container(task.Id)!.Log.Write(TaskLogStream.Stdout, "later");
        var fresh = await LogFrames.ReadUntilAsync(body, f => f.Count == 1, timeout.Token);

        Assert.Equal(3, history.Count(f => f.Text == "three\n"));
        Assert.Equal("later\n", Assert.Single(fresh).Text);
    }

    [Fact]
    public async Task ServiceLogs_FollowThenScaleUp_NewTasksLinesArrive()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(1, 2, Heartbeat);
        var service = await CreateAsync(cluster, "grow", 1);
        await using var api = await LogsApiHost.StartAsync(cluster, await cluster.LeaderAsync());
        using var timeout = new CancellationTokenSource(Patience);

        using var response = await api.Client.GetAsync(
            $"/v1.41/services/{service.Id}/logs?stdout=1&follow=1&details=1", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        var first = await LogFrames.ReadUntilAsync(body, f => f.Count == 3, timeout.Token);
        var store = await cluster.StoreAsync();
        await store.ScaleAsync(service.Id, 2);
        var more = await LogFrames.ReadUntilAsync(body, f => f.Count == 3, timeout.Token);

        Assert.Equal(["one\n", "two\n", "three\n"], more.Select(f => f.Text[(f.Text.IndexOf(' ') + 1)..]));
        Assert.NotEqual(TaskIdOf(first[0].Text), TaskIdOf(more[0].Text));
        Assert.Single(more.Select(f => TaskIdOf(f.Text)).Distinct());
    }

    [Fact]
    public async Task ServiceLogs_AgentStopped_EndsWithAWarningInsteadOfHanging()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(1, 3, Heartbeat);
        var service = await CreateAsync(cluster, "lost", 3);
        await using var api = await LogsApiHost.StartAsync(cluster, await cluster.LeaderAsync());
        var tasks = RunningTasks(await cluster.StoreAsync(), service.Id);
        var lost = cluster.Worker(tasks[0].NodeId);

        await lost.StopAsync();
        var frames = await GetFramesAsync(api, $"/v1.41/services/{service.Id}/logs?stdout=1&details=1");

        var seen = string.Join("", frames.Select(f => $"[{f.Stream}] {f.Text}"));
        foreach (var task in tasks.Where(t => t.NodeId != lost.NodeId))
            Assert.True(3 == frames.Count(f => f.Stream == 1 && f.Text.Contains($"task.id={task.Id} ", StringComparison.Ordinal)), $"task {task.Id} on {task.NodeId}; got:\n{seen}");
        var warning = frames[^1];
        Assert.Equal(3, warning.Stream);
        Assert.Contains($"node {lost.NodeId}", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceLogs_OnAFollower_503RetryOnTheLeader()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 1, Heartbeat);
        var service = await CreateAsync(cluster, "far", 1);
        var leader = await cluster.LeaderAsync();
        await using var api = await LogsApiHost.StartAsync(cluster, cluster.Managers.First(m => m != leader));

        using var response = await api.Client.GetAsync($"/v1.41/services/{service.Id}/logs?stdout=1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("retry on the leader", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceLogs_NoStreamChosen_400()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(1, 1, Heartbeat);
        var service = await CreateAsync(cluster, "none", 1);
        await using var api = await LogsApiHost.StartAsync(cluster, await cluster.LeaderAsync());

        using var response = await api.Client.GetAsync($"/v1.41/services/{service.Id}/logs");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("you must choose at least one stream", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A service whose tasks write one, two, three to stdout and oops to stderr; returns once all run.</summary>
    internal static async Task<Service> CreateAsync(ControlPlaneCluster cluster, string name, int replicas)
    {
        var service = Services.Replicated(name, (ulong)replicas, ["FAKE_LOG=one|two|three", "FAKE_LOG_STDERR=oops"]);
        var store = await cluster.StoreAsync();
        await store.UpdateAsync(tx => tx.Services.Create(service));
        await ControlPlaneTests.ConvergedAsync(cluster, service.Id, replicas);
        return service;
    }

    private static string TaskIdOf(string detailedLine)
        => detailedLine[(detailedLine.IndexOf("task.id=", StringComparison.Ordinal) + "task.id=".Length)..detailedLine.IndexOf(' ')];

    internal static List<SwarmTask> RunningTasks(Swarm.Store.MemoryStore store, string serviceId)
        => store.Snapshot().Tasks.All().Where(t => t.ServiceId == serviceId && t.Status.State == TaskState.Running).ToList();

    private static async Task<List<LogFrames.Frame>> GetFramesAsync(LogsApiHost api, string path)
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var response = await api.Client.GetAsync(path, timeout.Token);
        var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(body));
        Assert.Equal("application/vnd.docker.raw-stream", response.Content.Headers.ContentType?.MediaType);
        return LogFrames.Parse(body);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z three\n$")]
    private static partial Regex TimestampedThree();
}
