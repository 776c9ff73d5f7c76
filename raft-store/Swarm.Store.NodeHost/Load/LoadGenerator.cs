using System.Diagnostics;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store.NodeHost.Api.Contracts;

namespace Swarm.Store.NodeHost.Load;

/// <summary>
/// Write load generated inside the node: concurrent loops each creating one config per transaction, as a busy
/// control plane would. Running it in-process measures the store and Raft, not HTTP.
/// </summary>
internal sealed class LoadGenerator(MemoryStore store, ILeadership leadership)
{
    public const int MaxWriters = 4096;
    public const double MaxSeconds = 600;

    public async Task<LoadResult> RunAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        if (request.Writers is < 1 or > MaxWriters || request.Seconds is <= 0 or > MaxSeconds || request.Size is < 0 or > Config.MaxSize)
            throw new InvalidSpecException($"load needs 1..{MaxWriters} writers, 0..{MaxSeconds} seconds and 0..{Config.MaxSize} bytes");
        if (!leadership.IsLeader)
            throw new NotLeaderException(leadership.LeaderAddress);

        // One buffer shared by the configs the writers build (the store never mutates Data; what it keeps is decoded
        // from the log), so the generator itself allocates little.
        var data = new byte[request.Size];
        Random.Shared.NextBytes(data);
        var gcPauseBefore = GC.GetTotalPauseDuration();
        var gen2Before = GC.CollectionCount(2);
        var gen1Before = GC.CollectionCount(1);
        var gen0Before = GC.CollectionCount(0);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(request.Seconds * Stopwatch.Frequency);
        // Names only need to be unique, and Ids.New() (base 36 of 128 random bits) costs ~3% of the leader's CPU.
        var run = Ids.New();
        var writers = Enumerable.Range(0, request.Writers)
            .Select(w => Task.Run(() => WriteUntilAsync($"load-{run}-{w}-", deadline, data, cancellationToken), cancellationToken))
            .ToArray();
        var results = await Task.WhenAll(writers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var latencies = results.SelectMany(r => r.LatenciesMs).ToArray();
        Array.Sort(latencies);
        return new LoadResult(
            Commits: latencies.Length,
            Seconds: Math.Round(seconds, 3),
            CommitsPerSec: Math.Round(latencies.Length / seconds, 1),
            P50Ms: Percentile(latencies, 0.50),
            P99Ms: Percentile(latencies, 0.99),
            Errors: results.Sum(r => r.Errors),
            GcPauseMs: Math.Round((GC.GetTotalPauseDuration() - gcPauseBefore).TotalMilliseconds, 1),
            Gen2Collections: GC.CollectionCount(2) - gen2Before,
            AllocatedKbPerCommit: latencies.Length == 0 ? 0 : Math.Round((GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0 / latencies.Length, 2),
            Gen0Collections: GC.CollectionCount(0) - gen0Before,
            Gen1Collections: GC.CollectionCount(1) - gen1Before);
    }

    private async Task<WriterResult> WriteUntilAsync(string namePrefix, long deadline, byte[] data, CancellationToken cancellationToken)
    {
        var result = new WriterResult();
        for (var sequence = 0; Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested; sequence++)
        {
            var config = new Config { Id = Ids.New(), Spec = new ConfigSpec { Name = namePrefix + sequence, Data = data } };
            var start = Stopwatch.GetTimestamp();
            try
            {
                await store.UpdateAsync(tx => tx.Configs.Create(config), cancellationToken);
                result.LatenciesMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            catch (SwarmException)
            {
                result.Errors++;
                // Leadership lost mid-run: back off instead of spinning on an instant refusal.
                await Task.Delay(10, CancellationToken.None);
            }
        }
        return result;
    }

    /// <summary>Nearest-rank percentile of sorted values, rounded to 0.01 ms.</summary>
    private static double Percentile(double[] sorted, double p)
        => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 2);

    private sealed class WriterResult
    {
        public List<double> LatenciesMs { get; } = [];
        public long Errors { get; set; }
    }
}
