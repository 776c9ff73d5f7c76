using Swarm.Testing.ControlPlane;

namespace Swarm.Manager.Tests.ControlApi.Forwarding;

/// <summary>The real docker client pointed at a follower manager's socket: its writes land on the leader.</summary>
[Trait("Category", "Integration")]
public sealed class DockerCliForwardingTests
{
    [Theory]
    [MemberData(nameof(DockerCliTests.Clients), MemberType = typeof(DockerCliTests))]
    public async Task ServiceCreateUpdateRemove_OnFollower_AreAppliedByTheLeader(string client)
    {
        // No orchestration loops: the CLI reads a service and writes it back by version, and an allocator touching
        // the service in between would fail the write for reasons that have nothing to do with forwarding.
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 0, TimeSpan.FromSeconds(1), loops: _ => []);
        var follower = cluster.ControlApi(cluster.Followers[0]);
        using var config = new Swarm.Testing.TempDirectory("swarm-cli-");
        var docker = new DockerCli(client, follower.SocketPath, config.Path);

        var created = await docker.OkAsync("service create --detach --no-resolve-image --name web --replicas 2 busybox sleep 1000");
        var id = created.Trim().Split('\n')[^1];
        Assert.Equal(id, (await cluster.StoreAsync()).Snapshot().Services.GetByName("web")!.Id);

        await docker.OkAsync("service scale --detach web=4");
        Assert.Equal(4UL, (await cluster.StoreAsync()).Snapshot().Services.Get(id)!.Spec.Mode.Replicated!.Replicas);

        var (code, _, error) = await docker.RunAsync("service create --detach --no-resolve-image --name web busybox");
        Assert.NotEqual(0, code);
        Assert.Contains("already exists", error, StringComparison.Ordinal);

        await docker.OkAsync("service rm web");
        Assert.Null((await cluster.StoreAsync()).Snapshot().Services.Get(id));
    }
}
