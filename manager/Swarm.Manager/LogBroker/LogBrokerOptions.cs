namespace Swarm.Manager.LogBroker;

public sealed record LogBrokerOptions
{
    /// <summary>
    /// Without follow, a node that sends nothing (no line, no close) for this long is given up on with a warning,
    /// so a reader never waits forever on a node that hangs while its session still looks alive.
    /// </summary>
    public TimeSpan NodeSilenceTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Lines buffered per reader; a slow reader slows the publishing agents down rather than growing memory.</summary>
    public int BufferedLines { get; init; } = 1024;
}
