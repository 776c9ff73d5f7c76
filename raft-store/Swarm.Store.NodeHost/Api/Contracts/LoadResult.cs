namespace Swarm.Store.NodeHost.Api.Contracts;

/// <summary>
/// What a load run achieved; latencies are per committed write, measured inside the node. The GC figures are the
/// leader's during the run, to tell collector pauses from consensus latency.
/// </summary>
public sealed record LoadResult(
    long Commits, double Seconds, double CommitsPerSec, double P50Ms, double P99Ms, long Errors, double GcPauseMs, int Gen2Collections,
    double AllocatedKbPerCommit = 0, int Gen0Collections = 0, int Gen1Collections = 0);
