using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Objects;
using Swarm.Manager.Allocation;
using Swarm.Manager.Orchestration;
using Swarm.Manager.Scheduling;
using Swarm.Manager.Tests.Orchestration;
using Swarm.Testing;

namespace Swarm.Manager.Tests.ControlApi;

/// <summary>
/// The docker CLI's default (attached) <c>service create</c>/<c>update</c>, which wait until the service
/// converges, against the real control loops (orchestrator, allocator, scheduler) and fake agents.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DockerCliConvergenceTests
{
    [Theory]
    [MemberData(nameof(DockerCliTests.Clients), MemberType = typeof(DockerCliTests))]
    public async Task ServiceCreate_Attached_WaitsUntilTasksRun(string client)
    {
        using var temp = new TempDirectory("swarm-cli-");
        await using var host = await ControlApiHost.StartOnUnixSocketAsync(temp.Sub("api.sock"));
        await host.Store.UpdateAsync(tx => tx.Nodes.Create(ControlApiHost.NewNode("worker1xxxxxxxxxxxxxxxxxxx", "worker-1", NodeRole.Worker)));
        var time = TimeProvider.System;
        await using var orchestrator = new RunningLoop(new ServiceOrchestrator(host.Store, time, NullLogger<ServiceOrchestrator>.Instance).RunAsync);
        await using var allocator = new RunningLoop(new AllocatorLoop(host.Store, time, NullLogger<AllocatorLoop>.Instance).RunAsync);
        await using var scheduler = new RunningLoop(new SchedulerLoop(host.Store, time, NullLogger<SchedulerLoop>.Instance).RunAsync);
        await using var agents = new FakeAgents(host.Store);
        var docker = new DockerCli(client, temp.Sub("api.sock"), temp.Sub("config"));

        // --update-monitor 1s: the CLI watches a converged service for that long before it returns.
        var (code, output, error) = await docker.RunAsync("service create --name web --replicas 3 --update-monitor 1s busybox sleep 1000");

        Assert.True(code == 0, $"stdout: {output}\nstderr: {error}");
        Assert.Contains("verify: Service", output + error, StringComparison.Ordinal);
        Assert.Matches(@"web\s+replicated\s+3/3\s+busybox", await docker.OkAsync("service ls"));
        var ps = await docker.OkAsync("service ps web");
        Assert.Equal(3, ps.Split('\n').Count(l => l.Contains("Running", StringComparison.Ordinal)));
        Assert.Matches(@"web\.3\s+busybox:latest\s+(manager|worker)-1\s+Running", ps);

        var (scaled, scaleOut, scaleErr) = await docker.RunAsync("service scale web=1");
        Assert.True(scaled == 0, $"stdout: {scaleOut}\nstderr: {scaleErr}");
        await Eventually.TrueAsync(async () => (await docker.OkAsync("service ls")).Contains("1/1", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "web scaled to 1/1");
    }
}
