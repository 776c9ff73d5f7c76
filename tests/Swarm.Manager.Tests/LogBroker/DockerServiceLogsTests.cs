using Swarm.Manager.Tests.ControlApi;
using Swarm.Testing;
using Swarm.Testing.ControlPlane;

namespace Swarm.Manager.Tests.LogBroker;

/// <summary>The real `docker service logs` against the leader's API: its "name.slot.task@node | line" output.</summary>
[Trait("Category", "Integration")]
public sealed class DockerServiceLogsTests
{
    [Theory]
    [MemberData(nameof(DockerCliTests.Clients), MemberType = typeof(DockerCliTests))]
    public async Task ServiceLogs_ThreeReplicas_PrefixedLinesOnStdoutAndStderr(string client)
    {
        using var temp = new TempDirectory("swarm-logs-cli-");
        await using var cluster = await ControlPlaneCluster.StartAsync(1, 3, TimeSpan.FromSeconds(1));
        var service = await ServiceLogsClusterTests.CreateAsync(cluster, "web", 3);
        var tasks = ServiceLogsClusterTests.RunningTasks(await cluster.StoreAsync(), service.Id);
        await using var api = await LogsApiHost.StartAsync(cluster, await cluster.LeaderAsync(), temp.Sub("api.sock"));
        var docker = new DockerCli(client, temp.Sub("api.sock"), temp.Sub("config"));

        var (code, output, error) = await docker.RunAsync("service logs web");
        var (tailCode, tail, tailError) = await docker.RunAsync("service logs --tail 1 --no-task-ids --no-trunc web");
        var (sinceCode, since, sinceError) = await docker.RunAsync("service logs --since 1h --timestamps --no-task-ids web");

        Assert.True(code == 0, $"stdout: {output}\nstderr: {error}");
        foreach (var task in tasks)
        {
            // The CLI truncates task ids to 12 characters and names the node by hostname (the fake's is its node id).
            var prefix = $"web.{task.Slot}.{task.Id[..12]}@{task.NodeId}";
            Assert.Equal(3, output.Split('\n').Count(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Contains("| ", StringComparison.Ordinal)));
            Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(prefix)}\s+\| oops", error);
        }
        Assert.Equal(9, output.Split('\n').Count(l => l.EndsWith("| one", StringComparison.Ordinal) || l.EndsWith("| two", StringComparison.Ordinal) || l.EndsWith("| three", StringComparison.Ordinal)));
        Assert.True(tailCode == 0, $"stdout: {tail}\nstderr: {tailError}");
        Assert.Equal(3, tail.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length + tailError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(sinceCode == 0, $"stdout: {since}\nstderr: {sinceError}");
        // With --timestamps the CLI puts the daemon's time first: "2026-...Z web.1@worker-1    | one".
        Assert.Equal(9, System.Text.RegularExpressions.Regex.Matches(since, @"(?m)^\d{4}-\d\d-\d\dT[\d:.]+Z web\.\d@worker-\d\s+\| (one|two|three)$").Count);
    }
}
