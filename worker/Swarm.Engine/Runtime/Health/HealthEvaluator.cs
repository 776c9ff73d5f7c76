namespace Swarm.Engine.Runtime;

/// <summary>
/// Docker's health rules, pure: success → healthy and the streak resets; a failure during the start period
/// while still "starting" is not counted; otherwise the streak grows and reaching Retries → unhealthy.
/// </summary>
public static class HealthEvaluator
{
    private const int KeptResults = 5;

    public static HealthState Next(HealthState current, HealthProbeResult result, bool inStartPeriod, int retries)
    {
        var log = current.Log.Append(result).TakeLast(KeptResults).ToList();
        if (result.ExitCode == 0)
            return new HealthState(HealthStatus.Healthy, 0, log);
        if (inStartPeriod && current.Status == HealthStatus.Starting)
            return current with { Log = log };
        var streak = current.FailingStreak + 1;
        var status = streak >= Math.Max(1, retries) ? HealthStatus.Unhealthy : current.Status;
        return new HealthState(status, streak, log);
    }

    /// <summary>["CMD", args...] → args; ["CMD-SHELL", cmd] → /bin/sh -c cmd; anything else → null (no check).</summary>
    public static IReadOnlyList<string>? ProbeArgs(IReadOnlyList<string> test)
    {
        if (test.Count > 1 && test[0] == "CMD")
            return [.. test.Skip(1)];
        if (test.Count == 2 && test[0] == "CMD-SHELL")
            return ["/bin/sh", "-c", test[1]];
        return null;
    }
}
