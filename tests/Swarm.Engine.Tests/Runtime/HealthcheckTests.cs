using Swarm.Engine.Runtime;
using Swarm.Testing;

namespace Swarm.Engine.Tests.Runtime;

[Trait("Requires", "root")]
public sealed class HealthcheckTests
{
    [Fact]
    public async Task Healthcheck_FailingAfterSuccess_TurnsUnhealthy()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "touch /tmp/ok; sleep 60") with
        {
            Healthcheck = new HealthcheckConfig
            {
                Test = ["CMD-SHELL", "test -f /tmp/ok"],
                Interval = TimeSpan.FromMilliseconds(100),
                Timeout = TimeSpan.FromSeconds(10),
                Retries = 2,
            },
        };
        await h.StartAsync(config);
        Assert.Equal(HealthStatus.Starting, h.Runtime.Inspect(config.Id).State.Health?.Status);
        await Eventually.TrueAsync(() => h.Runtime.Inspect(config.Id).State.Health?.Status == HealthStatus.Healthy, RuntimeHarness.Bound, "healthy");

        await h.Runtime.ExecAsync(config.Id, new ExecConfig { Args = ["rm", "/tmp/ok"] }, CancellationToken.None);

        await Eventually.TrueAsync(() => h.Runtime.Inspect(config.Id).State.Health?.Status == HealthStatus.Unhealthy, RuntimeHarness.Bound, "unhealthy");
        var health = h.Runtime.Inspect(config.Id).State.Health!;
        Assert.True(health.FailingStreak >= 2);
        Assert.NotEqual(0, health.Log[^1].ExitCode);
    }

    [Fact]
    public async Task Healthcheck_CmdForm_HealthyAndSurvivesRestart()
    {
        await using var h = new RuntimeHarness();
        var config = await h.StartAsync(h.Config("sleep", "60") with
        {
            Healthcheck = new HealthcheckConfig { Test = ["CMD", "true"], Interval = TimeSpan.FromMilliseconds(100) },
        });
        await Eventually.TrueAsync(() => h.Runtime.Inspect(config.Id).State.Health?.Status == HealthStatus.Healthy, RuntimeHarness.Bound, "healthy");
        var restartedAt = DateTimeOffset.UtcNow;
        await h.RestartAsync();
        Assert.Equal(HealthStatus.Healthy, h.Runtime.Inspect(config.Id).State.Health?.Status);
        await Eventually.TrueAsync(() => h.Runtime.Inspect(config.Id).State.Health!.Log[^1].Start > restartedAt,
            RuntimeHarness.Bound, "probes to continue after the restart");
    }
}
