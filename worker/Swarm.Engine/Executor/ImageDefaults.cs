using Swarm.Engine.Images;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Executor;

/// <summary>An image's config in the runtime's terms (zero healthcheck durations mean Docker's defaults).</summary>
public static class ImageDefaults
{
    public static ImageRuntimeConfig Of(Image image)
    {
        var config = image.Config;
        return new ImageRuntimeConfig
        {
            Entrypoint = config.Entrypoint,
            Cmd = config.Cmd,
            Env = config.Env ?? [],
            WorkingDir = config.WorkingDir ?? "",
            User = config.User ?? "",
            StopSignal = config.StopSignal,
            Healthcheck = config.Healthcheck is { Test: { Length: > 0 } test } check
                ? Healthcheck(test, check.Interval, check.Timeout, check.StartPeriod, check.Retries)
                : null,
            Labels = config.Labels ?? new Dictionary<string, string>(),
        };
    }

    /// <summary>Durations in nanoseconds as Docker's JSON has them; 0 keeps the default.</summary>
    public static HealthcheckConfig Healthcheck(IReadOnlyList<string> test, long intervalNs, long timeoutNs, long startPeriodNs, int retries)
    {
        var defaults = new HealthcheckConfig { Test = test };
        return defaults with
        {
            Interval = intervalNs > 0 ? TimeSpan.FromTicks(intervalNs / 100) : defaults.Interval,
            Timeout = timeoutNs > 0 ? TimeSpan.FromTicks(timeoutNs / 100) : defaults.Timeout,
            StartPeriod = startPeriodNs > 0 ? TimeSpan.FromTicks(startPeriodNs / 100) : defaults.StartPeriod,
            Retries = retries > 0 ? retries : defaults.Retries,
        };
    }
}
