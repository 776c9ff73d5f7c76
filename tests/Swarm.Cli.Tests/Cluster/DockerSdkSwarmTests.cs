using Docker.DotNet;
using Docker.DotNet.Models;
using Swarm.Testing;

namespace Swarm.Cli.Tests.Cluster;

/// <summary>Docker's .NET SDK (Docker.DotNet) driving swarm mode on real daemons: init, join, services, tasks, leave.</summary>
[Trait("Requires", "root")]
public sealed class DockerSdkSwarmTests
{
    [Fact]
    public async Task DockerDotNet_InitJoinCreateServiceListTasksLeave()
    {
        await using var swarm = new LoopbackSwarm();
        var manager = await swarm.AddNodeAsync();
        var worker = await swarm.AddNodeAsync();
        using var managerClient = Client(manager);
        using var workerClient = Client(worker);

        // The SDK hands back the body as it came: Docker's JSON string, quotes included.
        var nodeId = (await managerClient.Swarm.InitSwarmAsync(new SwarmInitParameters
        {
            ListenAddr = $"{manager.Address}:2377", AdvertiseAddr = manager.Address,
        })).Trim().Trim('"');
        var inspected = await managerClient.Swarm.InspectSwarmAsync();
        await workerClient.Swarm.JoinSwarmAsync(new SwarmJoinParameters
        {
            ListenAddr = $"{worker.Address}:2377", AdvertiseAddr = worker.Address,
            RemoteAddrs = [$"{manager.Address}:2377"], JoinToken = inspected.JoinTokens.Worker,
        });
        var nodes = await managerClient.Swarm.ListNodesAsync();
        var created = await managerClient.Swarm.CreateServiceAsync(new ServiceCreateParameters
        {
            Service = new ServiceSpec
            {
                Name = "web",
                Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = 4 } },
                TaskTemplate = new TaskSpec { ContainerSpec = new ContainerSpec { Image = LoopbackSwarm.Image, Command = ["sleep", "300"] } },
            },
        });
        var running = await Eventually.GetAsync(async () =>
        {
            var tasks = await managerClient.Tasks.ListAsync();
            return tasks.Count(t => t.Status.State == TaskState.Running) == 4 ? tasks : null;
        }, LoopbackSwarm.Patience, "4 tasks running");
        var services = await managerClient.Swarm.ListServicesAsync();
        await managerClient.Swarm.RemoveServiceAsync(created.ID);
        await workerClient.Swarm.LeaveSwarmAsync(new SwarmLeaveParameters());
        var refused = await Assert.ThrowsAsync<DockerApiException>(() => managerClient.Swarm.LeaveSwarmAsync(new SwarmLeaveParameters()));
        await managerClient.Swarm.LeaveSwarmAsync(new SwarmLeaveParameters { Force = true });
        var info = await managerClient.System.GetSystemInfoAsync();

        Assert.Equal(25, nodeId.Length);
        Assert.StartsWith("SWMTKN-1-", inspected.JoinTokens.Worker, StringComparison.Ordinal);
        Assert.Equal(2, nodes.Count());
        Assert.Contains(nodes, n => n.ID == nodeId && n.ManagerStatus is { Leader: true });
        Assert.Equal(created.ID, Assert.Single(services).ID);
        Assert.Equal(2, running.Select(t => t.NodeID).Distinct().Count());
        Assert.Contains("--force", refused.ResponseBody, StringComparison.Ordinal);
        Assert.Equal("inactive", info.Swarm.LocalNodeState.ToString().ToLowerInvariant());
    }

    private static DockerClient Client(SwarmNode node)
        => new DockerClientConfiguration(new Uri(node.Daemon.DockerHost)).CreateClient();
}
