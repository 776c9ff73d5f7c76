using Swarm.Engine.Runtime;

namespace Swarm.Engine.Executor;

public sealed record EngineExecutorOptions
{
    /// <summary>
    /// The network a task's container joins until the overlay driver hands over per-task namespaces:
    /// none gives a private namespace with only loopback.
    /// </summary>
    public NetworkMode Network { get; init; } = NetworkMode.None;

    /// <summary>How often health and exit are polled while waiting for a healthcheck verdict.</summary>
    public TimeSpan HealthPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public string EngineVersion { get; init; } = "swarm-engine";

    public IReadOnlyDictionary<string, string> EngineLabels { get; init; } = new Dictionary<string, string>();
}
