using System.Globalization;
using Swarm.Api.Objects;

namespace Swarm.Testing.Exec;

/// <summary>
/// How a fake task behaves. A task's behaviour comes from <see cref="FakeExecutor.Script"/> for its image, else
/// from its environment (so a manager test can make a "failing new version" with a plain service spec):
/// <code>
/// FAKE_EXIT=3             exit with code 3 (after FAKE_RUN_MS, default at once) instead of running until stopped
/// FAKE_RUN_MS=200         run 200 ms, then exit (code FAKE_EXIT, default 0)
/// FAKE_PREPARE_ERROR=msg  Prepare fails (the task is rejected), like a failed pull
/// FAKE_START_ERROR=msg    Start fails (the task fails)
/// FAKE_UNHEALTHY=1        never becomes healthy (the task fails in Starting)
/// FAKE_IGNORE_STOP=1      ignores the stop signal: a shutdown kills it (exit 137) once the grace period passes
/// FAKE_LOG=a|b            writes the lines "a" and "b" to stdout when it starts (FAKE_LOG_STDERR: to stderr)
/// </code>
/// Images named <c>fake/fail-prepare</c>, <c>fake/fail-start</c>, <c>fake/unhealthy</c>, <c>fake/exit-N</c> do the same.
/// </summary>
public sealed record FakeBehaviour
{
    public static readonly FakeBehaviour RunUntilStopped = new();

    /// <summary>Null = run until stopped.</summary>
    public TimeSpan? RunFor { get; init; }
    public int ExitCode { get; init; }
    public string? PrepareError { get; init; }
    public string? StartError { get; init; }
    public bool NeverHealthy { get; init; }
    public bool IgnoresStopSignal { get; init; }
    /// <summary>Lines written to stdout (then <see cref="StderrLines"/> to stderr) when the container starts.</summary>
    public IReadOnlyList<string> StdoutLines { get; init; } = [];
    public IReadOnlyList<string> StderrLines { get; init; } = [];

    public static FakeBehaviour FromTask(SwarmTask task)
    {
        var container = task.Spec.ContainerSpec;
        var behaviour = FromImage(container.Image);
        var env = container.Env
            .Select(e => e.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0].StartsWith("FAKE_", StringComparison.Ordinal))
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        if (env.TryGetValue("FAKE_EXIT", out var exit))
            behaviour = behaviour with { ExitCode = Int(exit), RunFor = behaviour.RunFor ?? TimeSpan.Zero };
        if (env.TryGetValue("FAKE_RUN_MS", out var runMs))
            behaviour = behaviour with { RunFor = TimeSpan.FromMilliseconds(Int(runMs)) };
        if (env.TryGetValue("FAKE_PREPARE_ERROR", out var prepareError))
            behaviour = behaviour with { PrepareError = prepareError };
        if (env.TryGetValue("FAKE_START_ERROR", out var startError))
            behaviour = behaviour with { StartError = startError };
        if (env.TryGetValue("FAKE_UNHEALTHY", out var unhealthy))
            behaviour = behaviour with { NeverHealthy = unhealthy is "1" or "true" };
        if (env.TryGetValue("FAKE_IGNORE_STOP", out var ignoreStop))
            behaviour = behaviour with { IgnoresStopSignal = ignoreStop is "1" or "true" };
        if (env.TryGetValue("FAKE_LOG", out var stdout))
            behaviour = behaviour with { StdoutLines = stdout.Split('|') };
        if (env.TryGetValue("FAKE_LOG_STDERR", out var stderr))
            behaviour = behaviour with { StderrLines = stderr.Split('|') };
        return behaviour;
    }

    private static FakeBehaviour FromImage(string image)
    {
        var name = image.Split(':')[0];
        return name switch
        {
            "fake/fail-prepare" => new FakeBehaviour { PrepareError = $"pull access denied for {image}" },
            "fake/fail-start" => new FakeBehaviour { StartError = "exec: entrypoint not found" },
            "fake/unhealthy" => new FakeBehaviour { NeverHealthy = true },
            _ when name.StartsWith("fake/exit-", StringComparison.Ordinal)
                => new FakeBehaviour { ExitCode = Int(name["fake/exit-".Length..]), RunFor = TimeSpan.Zero },
            _ => RunUntilStopped,
        };
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
