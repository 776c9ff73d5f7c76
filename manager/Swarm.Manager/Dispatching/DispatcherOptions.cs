namespace Swarm.Manager.Dispatching;

/// <summary>Tuning of the dispatcher. The heartbeat period itself is the cluster's (ClusterSpec.Dispatcher).</summary>
public sealed record DispatcherOptions
{
    /// <summary>Used while the store holds no cluster object (SwarmKit's DefaultHeartBeatPeriod).</summary>
    public TimeSpan DefaultHeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Each period handed to an agent is the cluster's plus up to this fraction of it, at random, so a fleet that
    /// registered together does not heartbeat in lockstep. SwarmKit adds up to 0.5 s at any period; a tenth is
    /// that at the 5 s default and keeps short test periods short.
    /// </summary>
    public double HeartbeatJitter { get; init; } = 0.1;

    /// <summary>A node that misses this many periods is DOWN.</summary>
    public int GracePeriodMultiplier { get; init; } = 3;

    /// <summary>After a leader change nodes get longer to find the new leader (SwarmKit doubles the grace).</summary>
    public int LeaderChangeGraceMultiplier { get; init; } = 6;

    /// <summary>A node DOWN this long has its tasks marked ORPHANED (SwarmKit's defaultNodeDownPeriod).</summary>
    public TimeSpan NodeDownPeriod { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long status updates from all agents gather before one store write (SwarmKit: 100 ms).</summary>
    public TimeSpan StatusBatchInterval { get; init; } = TimeSpan.FromMilliseconds(50);
}
