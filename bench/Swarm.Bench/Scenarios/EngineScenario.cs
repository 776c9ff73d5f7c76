using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Engine.Runtime;

namespace Swarm.Bench.Scenarios;

/// <summary>
/// The container runtime on this machine (root): 200 sequential create+start+wait+remove of `busybox true`
/// (engine.run_p50_ms), 100 `sleep` containers started concurrently (engine.start_100_parallel_s), and the
/// engine process's RSS growth per running container (engine.daemon_rss_growth_kb_per_container); the node's one
/// swarm-init supervisor, the parent of every container, is measured apart (engine.supervisor_private_kb_per_container).
/// </summary>
internal sealed class EngineScenario : IScenario
{
    private const int SequentialRuns = 200;
    // A daemon runs for days: let tiered JIT settle first, or its recompilation dominates the engine's CPU here.
    private const int WarmupRuns = 100;
    private const int Parallel = 100;

    public string Name => "engine";

    public string Description => "container runtime and images: engine.run_p50_ms, engine.start_100_parallel_s, engine.daemon_rss_growth_kb_per_container, engine.pull_mb_per_sec";

    public async Task RunAsync(BenchOutput output, CancellationToken cancellationToken)
    {
        using var environment = new EngineScenarioEnvironment();
        var parent = "swarm-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        await using var runtime = new ContainerRuntime(
            new RuntimeOptions { Root = Path.Combine(environment.Directory, "root"), RunRoot = environment.RunRoot, InitPath = environment.InitPath, CgroupParent = parent },
            NullLogger<ContainerRuntime>.Instance);
        try
        {
            await MeasureSequentialAsync(runtime, environment, output, cancellationToken);
            await MeasureParallelAsync(runtime, environment, output, cancellationToken);
        }
        finally
        {
            await RemoveAllAsync(runtime);
            EngineScenarioCgroups.RemoveParent(parent);
        }
        // The image side's figures belong to the same scenario; `engine-pull` runs them alone.
        await new EnginePullScenario().RunAsync(output, cancellationToken);
    }

    private static async Task MeasureSequentialAsync(ContainerRuntime runtime, EngineScenarioEnvironment environment, BenchOutput output, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        var phases = new List<double[]>();
        var cpuBefore = (0.0, 0.0);
        var supervisorBefore = (0.0, 0.0);
        var supervisor = "self";
        for (var i = 0; i < WarmupRuns + SequentialRuns; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i == WarmupRuns)
            {
                cpuBefore = EngineScenarioMemory.CpuSeconds();
                supervisor = runtime.SupervisorPid!.Value.ToString(CultureInfo.InvariantCulture);
                supervisorBefore = EngineScenarioMemory.CpuSeconds(supervisor);
            }
            var config = Config(environment, "true");
            var watch = Stopwatch.StartNew();
            await runtime.CreateAsync(config, cancellationToken);
            var created = watch.Elapsed.TotalMilliseconds;
            await runtime.StartAsync(config.Id, cancellationToken);
            var started = watch.Elapsed.TotalMilliseconds;
            var exit = await runtime.WaitAsync(config.Id, cancellationToken);
            var exited = watch.Elapsed.TotalMilliseconds;
            await runtime.RemoveAsync(config.Id, force: false, cancellationToken);
            watch.Stop();
            phases.Add([created, started - created, exited - started, watch.Elapsed.TotalMilliseconds - exited]);
            if (exit.ExitCode != 0)
                throw new InvalidOperationException($"busybox true exited with {exit.ExitCode}");
            if (i >= WarmupRuns)
                times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var cpuAfter = EngineScenarioMemory.CpuSeconds();
        var supervisorAfter = EngineScenarioMemory.CpuSeconds(supervisor);
        output.Progress($"CPU per container: engine {(cpuAfter.Self - cpuBefore.Item1) * 1000 / SequentialRuns:0.0} ms, " +
            $"supervisor {(supervisorAfter.Self - supervisorBefore.Item1) * 1000 / SequentialRuns:0.0} ms, " +
            $"swarm-init + workload {(supervisorAfter.Children - supervisorBefore.Item2) * 1000 / SequentialRuns:0.0} ms");
        times.Sort();
        var names = new[] { "create", "start", "wait", "remove" };
        output.Progress("phase medians: " + string.Join(", ", names.Select((n, k) => $"{n} {phases.Skip(WarmupRuns).Select(p => p[k]).Order().ElementAt(SequentialRuns / 2):0.0} ms")));
        output.Progress($"run: min {times[0]:0.0} ms, p50 {times[times.Count / 2]:0.0} ms, p90 {times[times.Count * 9 / 10]:0.0} ms, max {times[^1]:0.0} ms");
        output.Metric("engine.run_p50_ms", times[times.Count / 2], "ms");
        output.Metric("engine.run_p90_ms", times[times.Count * 9 / 10], "ms");
    }

    private static async Task MeasureParallelAsync(ContainerRuntime runtime, EngineScenarioEnvironment environment, BenchOutput output, CancellationToken cancellationToken)
    {
        var configs = Enumerable.Range(0, Parallel).Select(_ => Config(environment, "sleep", "600")).ToList();
        var before = EngineScenarioMemory.SettledRssKb();
        var supervisorBefore = EngineScenarioMemory.PrivateKb(runtime.SupervisorPid!.Value);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(configs.Select(c => Task.Run(async () =>
        {
            await runtime.CreateAsync(c, cancellationToken);
            await runtime.StartAsync(c.Id, cancellationToken);
        }, cancellationToken)));
        watch.Stop();
        output.Metric("engine.start_100_parallel_s", watch.Elapsed.TotalSeconds, "s");

        var after = EngineScenarioMemory.SettledRssKb();
        output.Progress($"engine RSS {before} kB before, {after} kB with {Parallel} running");
        output.Metric("engine.daemon_rss_growth_kb_per_container", Math.Max(0, after - before) / (double)Parallel, "kB");
        var supervisor = runtime.List().Select(c => c.State.SupervisorPid).Distinct().Single(); // one per node
        var supervisorAfter = EngineScenarioMemory.PrivateKb(supervisor);
        output.Progress($"supervisor (pid {supervisor}) private memory {supervisorBefore} kB before, {supervisorAfter} kB with {Parallel} running");
        output.Metric("engine.supervisor_private_kb_per_container", Math.Max(0, supervisorAfter - supervisorBefore) / (double)Parallel, "kB");
    }

    private static async Task RemoveAllAsync(ContainerRuntime runtime)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await Task.WhenAll(runtime.List().Select(async c =>
        {
            if (c.State.Status == ContainerStatus.Running)
                await runtime.StopAsync(c.Config.Id, TimeSpan.Zero, bound.Token);
            await runtime.RemoveAsync(c.Config.Id, force: true, bound.Token);
        }));
    }

    private static ContainerConfig Config(EngineScenarioEnvironment environment, params string[] args) => new()
    {
        Id = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
        RootfsLowerDirs = [environment.Lower],
        Args = args,
        Env = ["PATH=/bin"],
    };
}
