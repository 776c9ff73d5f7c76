using MessagePack;

namespace Swarm.Api.Objects;

/// <summary>Docker's healthcheck: Test is ["CMD", args...], ["CMD-SHELL", command] or ["NONE"]; null fields take Docker's defaults.</summary>
[MessagePackObject]
public sealed record HealthConfig
{
    [Key(0)] public IReadOnlyList<string> Test { get; init; } = [];
    [Key(1)] public TimeSpan? Interval { get; init; }
    [Key(2)] public TimeSpan? Timeout { get; init; }
    [Key(3)] public int? Retries { get; init; }
    [Key(4)] public TimeSpan? StartPeriod { get; init; }
}
