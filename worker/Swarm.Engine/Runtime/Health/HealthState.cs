namespace Swarm.Engine.Runtime;

public static class HealthStatus
{
    public const string Starting = "starting";
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
}

/// <summary>Docker's State.Health: status, consecutive failures and the last five probe results.</summary>
public sealed record HealthState(string Status, int FailingStreak, IReadOnlyList<HealthProbeResult> Log);

public sealed record HealthProbeResult(DateTimeOffset Start, DateTimeOffset End, int ExitCode, string Output);
