using System.Diagnostics;
using Swarm.Testing.Processes;

namespace Swarm.Bench.Scenarios;

/// <summary>
/// The replicated store, with every manager a separate process on loopback (mutual TLS, WAL flushed on commit):
/// commit throughput and p99 latency under 64 writers of 1 KiB objects, leader failover time, idle memory.
/// </summary>
internal sealed class StoreScenario : IScenario
{
    private const int Managers = 3;
    private const int Writers = 64;
    private const int ObjectSize = 1024;
    // Long enough for tiered JIT to settle, as in a manager that has been running a while.
    private const double WarmupSeconds = 3;
    private const double LoadSeconds = 5;
    private const int FailoverRuns = 3;
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan FailoverPoll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan IdleTime = TimeSpan.FromSeconds(3);
    private const int Attempts = 3;

    public string Name => "store";

    public string Description => "3 managers as processes: store.commits_per_sec, store.commit_p99_ms, store.failover_ms, store.idle_rss_mb";

    public async Task RunAsync(BenchOutput output, CancellationToken cancellationToken)
    {
        await ThroughputAsync(output, cancellationToken);
        await FailoverAsync(output, cancellationToken);
        await IdleRssAsync(output, cancellationToken);
    }

    /// <summary>Load generated inside the leader (no HTTP per write), after a warm-up run on the same cluster.</summary>
    private static async Task ThroughputAsync(BenchOutput output, CancellationToken cancellationToken)
    {
        output.Progress($"throughput: starting {Managers} managers");
        await using var cluster = await StartClusterAsync(Managers, output, cancellationToken);

        var warmup = await LoadOnLeaderAsync(cluster, WarmupSeconds, output, cancellationToken);
        output.Progress($"warm-up: {Describe(warmup)}");
        var load = await LoadOnLeaderAsync(cluster, LoadSeconds, output, cancellationToken);
        output.Progress($"load: {Describe(load)}");

        output.Metric("store.commits_per_sec", load.CommitsPerSec, "1/s");
        output.Metric("store.commit_p99_ms", load.P99Ms, "ms");
    }

    /// <summary>
    /// kill -9 of the leader until the first write a new leader acknowledges, seen by a client polling every
    /// survivor; the median of fresh, warmed-up clusters.
    /// </summary>
    private static async Task FailoverAsync(BenchOutput output, CancellationToken cancellationToken)
    {
        var runs = new List<double>();
        for (var run = 1; run <= FailoverRuns; run++)
        {
            await using var cluster = await StartClusterAsync(Managers, output, cancellationToken);
            // A manager that has run for a while is warm; so is the failover path being measured.
            await LoadOnLeaderAsync(cluster, 0.5, output, cancellationToken);
            var leader = await cluster.LeaderAsync(cancellationToken: cancellationToken);
            await WaitForFollowersAsync(cluster, leader, cancellationToken);

            var survivors = cluster.Nodes.Where(n => n != leader).ToList();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stop.CancelAfter(FailoverBound);
            var killed = Stopwatch.GetTimestamp();
            await leader.KillAsync();
            var first = await Task.WhenAny(survivors.Select(s => FirstAcknowledgedWriteAsync(s, run, stop.Token)));
            var elapsed = await first;
            await stop.CancelAsync();
            var ms = Stopwatch.GetElapsedTime(killed, elapsed).TotalMilliseconds;
            output.Progress($"failover run {run}: {ms:0} ms");
            runs.Add(ms);
        }
        runs.Sort();
        output.Metric("store.failover_ms", runs[runs.Count / 2], "ms");
    }

    /// <summary>One bootstrapped manager with an empty store, left alone; its resident set from /proc.</summary>
    private static async Task IdleRssAsync(BenchOutput output, CancellationToken cancellationToken)
    {
        await using var cluster = await StartClusterAsync(1, output, cancellationToken);
        var node = cluster.Nodes[0];
        await Task.Delay(IdleTime, cancellationToken);
        var rssKb = ReadStatusKb(node.ProcessId!.Value, "VmRSS");
        output.Progress($"idle node: VmRSS {rssKb} kB, VmHWM {ReadStatusKb(node.ProcessId.Value, "VmHWM")} kB");
        output.Metric("store.idle_rss_mb", rssKb / 1024.0, "MB");
    }

    /// <summary>
    /// A new cluster; one that fails to form is reported and replaced (leaders flap on a saturated 2-core machine),
    /// at most <see cref="Attempts"/> times.
    /// </summary>
    private static async Task<ProcessCluster> StartClusterAsync(int size, BenchOutput output, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ProcessCluster.StartAsync(size, cancellationToken: cancellationToken);
            }
            catch (InvalidOperationException e) when (attempt < Attempts)
            {
                output.Progress($"a cluster of {size} did not form (attempt {attempt}), starting another: {e.Message.Split('\n')[0]}");
            }
        }
    }

    /// <summary>A load run on the leader; if leadership moved before it began, on the new leader.</summary>
    private static async Task<Swarm.Store.NodeHost.Api.Contracts.LoadResult> LoadOnLeaderAsync(
        ProcessCluster cluster, double seconds, BenchOutput output, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var leader = await cluster.LeaderAsync(cancellationToken: cancellationToken);
            try
            {
                return await leader.Client.RunLoadAsync(Writers, seconds, ObjectSize, cancellationToken);
            }
            catch (StoreNodeException e) when (e.IsNotLeader && attempt < Attempts)
            {
                output.Progress($"{leader.Name} lost leadership before the load began; retrying on the new leader");
            }
        }
    }

    /// <summary>Polls one survivor with writes until one is acknowledged; returns the timestamp of the 201.</summary>
    private static async Task<long> FirstAcknowledgedWriteAsync(StoreNodeProcess survivor, int run, CancellationToken cancellationToken)
    {
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await survivor.Client.CreateConfigAsync($"failover-{run}-{survivor.Name}-{attempt}", ObjectSize, cancellationToken);
                    return Stopwatch.GetTimestamp();
                }
                catch (Exception e) when (e is StoreNodeException { IsNotLeader: true } or HttpRequestException or TimeoutException)
                {
                    // not (yet) the leader, or the election is still on
                }
                await Task.Delay(FailoverPoll, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{survivor.Name} acknowledged no write within {FailoverBound.TotalSeconds} s of the leader's death");
        }
    }

    /// <summary>Followers have applied what the leader committed, so none is catching up when the leader dies.</summary>
    private static async Task WaitForFollowersAsync(ProcessCluster cluster, StoreNodeProcess leader, CancellationToken cancellationToken)
    {
        var target = (await leader.Client.GetStatusAsync(cancellationToken)).CommitIndex;
        foreach (var node in cluster.Nodes.Where(n => n != leader))
            await Testing.Eventually.TrueAsync(async () => (await node.Client.GetStatusAsync(cancellationToken)).AppliedIndex >= target,
                ProcessCluster.Patience, $"{node.Name} to catch up");
    }

    private static long ReadStatusKb(int pid, string field)
        => File.ReadLines($"/proc/{pid}/status")
            .Where(line => line.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture))
            .Single();

    private static string Describe(Swarm.Store.NodeHost.Api.Contracts.LoadResult load)
        => $"{load.Commits} commits in {load.Seconds:0.##} s = {load.CommitsPerSec:0}/s, p50 {load.P50Ms} ms, p99 {load.P99Ms} ms, {load.Errors} errors; leader GC pauses {load.GcPauseMs} ms, {load.Gen0Collections}/{load.Gen1Collections}/{load.Gen2Collections} gen0/1/2, {load.AllocatedKbPerCommit} KiB allocated per commit";
}
