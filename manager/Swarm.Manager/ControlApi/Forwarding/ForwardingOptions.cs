using System.Security.Cryptography.X509Certificates;

namespace Swarm.Manager.ControlApi.Forwarding;

/// <summary>How a follower reaches the leader: its own node certificate (read per connection, so a renewed one is
/// used), the cluster's root CA, and how long it looks for a leader and waits for its answer.</summary>
public sealed record ForwardingOptions(Func<X509Certificate2> Certificate, X509Certificate2 RootCa)
{
    /// <summary>How long to look for a reachable leader (an election included) before answering 503.</summary>
    public TimeSpan LeaderPatience { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Pause between attempts while no leader answers.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Deadline of one forwarded call; past it the write's outcome is unknown.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long, after the leader answered, to wait for this store to hold the write (read-your-writes).</summary>
    public TimeSpan CatchUpTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
