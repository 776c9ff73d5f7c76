using System.Text.Json;
using Swarm.Api.Objects;
using Swarm.Testing;

namespace Swarm.Manager.Tests.ControlApi;

/// <summary>
/// The real docker clients (28.x on PATH, Debian's 20.10 docker.io at /usr/bin/docker) against the API on Kestrel
/// over a unix socket. Skipped quietly when a client is missing (see the Executables data).
/// </summary>
[Trait("Category", "Integration")]
public sealed class DockerCliTests
{
    public static TheoryData<string> Clients()
    {
        var data = new TheoryData<string>();
        foreach (var path in new[] { "/usr/local/bin/docker", "/usr/bin/docker" })
        {
            if (File.Exists(path))
                data.Add(path);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Services_CreateListInspectScaleUpdateRollbackRemove(string client)
    {
        using var temp = new TempDirectory("swarm-cli-");
        await using var host = await ControlApiHost.StartOnUnixSocketAsync(temp.Sub("api.sock"));
        var docker = new DockerCli(client, temp.Sub("api.sock"), temp.Sub("config"));

        var (code, created, error) = await docker.RunAsync("service create --detach --name web --replicas 3 busybox sleep 1000");
        Assert.True(code == 0, error);
        var id = created.Trim().Split('\n')[^1];
        var service = host.Store.Snapshot().Services.GetByName("web")!;
        Assert.Equal(service.Id, id);
        Assert.Equal(3UL, service.Spec.Mode.Replicated!.Replicas);
        Assert.Equal(["sleep", "1000"], service.Spec.TaskTemplate.ContainerSpec.Args!);
        await host.Store.UpdateAsync(tx => tx.Tasks.Create(ServiceListTests.Task(id, 1, TaskState.Running, TaskState.Running, host.Local.NodeId)));

        var list = await docker.OkAsync("service ls");
        Assert.Matches(@"web\s+replicated\s+1/3\s+busybox", list);

        var inspect = await docker.OkAsync("service inspect web");
        using (var doc = JsonDocument.Parse(inspect))
            Assert.Equal("web", doc.RootElement[0].GetProperty("Spec").GetProperty("Name").GetString());
        Assert.Contains("Replicas:\t3", (await docker.OkAsync("service inspect --pretty web")).Replace("  ", "\t", StringComparison.Ordinal).Replace("\t\t", "\t", StringComparison.Ordinal), StringComparison.Ordinal);

        await docker.OkAsync("service scale --detach web=5");
        Assert.Equal(5UL, host.Store.Snapshot().Services.Get(id)!.Spec.Mode.Replicated!.Replicas);

        await docker.OkAsync("service update --detach --image nginx:1.27 --env-add A=1 web");
        var updated = host.Store.Snapshot().Services.Get(id)!;
        Assert.Equal("nginx:1.27", updated.Spec.TaskTemplate.ContainerSpec.Image);
        Assert.Contains("A=1", updated.Spec.TaskTemplate.ContainerSpec.Env);

        await docker.OkAsync("service update --detach --force web");
        Assert.Equal(1UL, host.Store.Snapshot().Services.Get(id)!.Spec.TaskTemplate.ForceUpdate);

        await docker.OkAsync("service rollback --detach web");
        Assert.Equal(UpdateState.RollbackStarted, host.Store.Snapshot().Services.Get(id)!.UpdateStatus!.State);

        var ps = await docker.OkAsync("service ps web");
        Assert.Matches(@"web\.1\s+busybox\s+manager-1\s+Running\s+Running", ps);
        Assert.Matches(@"web\.1\s+busybox\s+manager-1\s+Running\s+Running", await docker.OkAsync("node ps manager-1"));

        var (dup, _, dupError) = await docker.RunAsync("service create --detach --name web busybox");
        Assert.NotEqual(0, dup);
        Assert.Contains("already exists", dupError, StringComparison.Ordinal);

        await docker.OkAsync("service rm web");
        Assert.Null(host.Store.Snapshot().Services.Get(id));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task NodesSecretsConfigsNetworksAndInfo(string client)
    {
        using var temp = new TempDirectory("swarm-cli-");
        await using var host = await ControlApiHost.StartOnUnixSocketAsync(temp.Sub("api.sock"));
        var docker = new DockerCli(client, temp.Sub("api.sock"), temp.Sub("config"));
        await host.Store.UpdateAsync(tx => tx.Nodes.Create(ControlApiHost.NewNode("worker1xxxxxxxxxxxxxxxxxxx", "worker-1", NodeRole.Worker)));

        var nodes = await docker.OkAsync("node ls");
        Assert.Matches(@"\*\s+manager-1\s+Ready\s+Active\s+Leader", nodes);
        Assert.Matches(@"worker-1\s+Ready\s+Active", nodes);
        await docker.OkAsync("node update --availability drain --label-add zone=a worker-1");
        var worker = host.Store.Snapshot().Nodes.Get("worker1xxxxxxxxxxxxxxxxxxx")!;
        Assert.Equal(NodeAvailability.Drain, worker.Spec.Availability);
        Assert.Equal("a", worker.Spec.Labels["zone"]);

        var secretId = (await docker.OkAsync("secret create db_pw -", stdin: "hunter2")).Trim();
        Assert.Equal("hunter2"u8.ToArray(), host.Store.Snapshot().Secrets.Get(secretId)!.Spec.Data);
        Assert.Contains("db_pw", await docker.OkAsync("secret ls"), StringComparison.Ordinal);
        var configId = (await docker.OkAsync("config create app_conf -", stdin: "x=1")).Trim();
        Assert.Contains("app_conf", await docker.OkAsync("config ls"), StringComparison.Ordinal);

        var networkId = (await docker.OkAsync("network create -d overlay --attachable backend")).Trim();
        Assert.True(host.Store.Snapshot().Networks.Get(networkId)!.Spec.Attachable);
        Assert.Matches(@"backend\s+overlay\s+swarm", await docker.OkAsync("network ls"));

        await docker.OkAsync("service create --detach --name api --secret db_pw --config app_conf --network backend busybox");
        var spec = host.Store.Snapshot().Services.GetByName("api")!.Spec;
        Assert.Equal(secretId, spec.TaskTemplate.ContainerSpec.Secrets.Single().ObjectId);
        Assert.Equal(configId, spec.TaskTemplate.ContainerSpec.Configs.Single().ObjectId);
        Assert.Equal(networkId, spec.TaskTemplate.Networks.Single().Target);
        var (inUse, _, inUseError) = await docker.RunAsync("secret rm db_pw");
        Assert.NotEqual(0, inUse);
        Assert.Contains("in use", inUseError, StringComparison.Ordinal);

        var info = await docker.OkAsync("info");
        Assert.Contains("Swarm: active", info, StringComparison.Ordinal);
        Assert.Contains(await docker.OkAsync("swarm join-token -q worker"), ControlApiHost.WorkerToken + "\n", StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Stack_DeployListServicesPsRemove(string client)
    {
        using var temp = new TempDirectory("swarm-cli-");
        await using var host = await ControlApiHost.StartOnUnixSocketAsync(temp.Sub("api.sock"));
        var docker = new DockerCli(client, temp.Sub("api.sock"), temp.Sub("config"));
        await File.WriteAllTextAsync(temp.Sub("compose.yml"), """
            version: "3.8"
            services:
              web:
                image: busybox
                command: sleep 1000
                deploy:
                  replicas: 2
                secrets: [pw]
                networks: [back]
            networks:
              back:
                driver: overlay
            secrets:
              pw:
                file: ./pw.txt
            """);
        await File.WriteAllTextAsync(temp.Sub("pw.txt"), "hunter2");
        var detach = client.StartsWith("/usr/local", StringComparison.Ordinal) ? " --detach=true" : "";

        await docker.OkAsync($"stack deploy -c {temp.Sub("compose.yml")}{detach} demo");

        var service = host.Store.Snapshot().Services.GetByName("demo_web")!;
        Assert.Equal(2UL, service.Spec.Mode.Replicated!.Replicas);
        Assert.Equal("demo", service.Spec.Labels["com.docker.stack.namespace"]);
        Assert.NotNull(host.Store.Snapshot().Networks.GetByName("demo_back"));
        Assert.Equal("hunter2"u8.ToArray(), host.Store.Snapshot().Secrets.GetByName("demo_pw")!.Spec.Data);
        await host.Store.UpdateAsync(tx => tx.Tasks.Create(ServiceListTests.Task(service.Id, 1, TaskState.Running, TaskState.Running, host.Local.NodeId)));
        Assert.Matches(@"demo\s+1", await docker.OkAsync("stack ls"));
        Assert.Matches(@"demo_web\s+replicated\s+1/2", await docker.OkAsync("stack services demo"));
        Assert.Contains("demo_web.1", await docker.OkAsync("stack ps demo"), StringComparison.Ordinal);

        await docker.OkAsync($"stack deploy -c {temp.Sub("compose.yml")}{detach} demo");
        Assert.Single(host.Store.Snapshot().Services.All());

        await docker.OkAsync("stack rm demo");
        await Eventually.TrueAsync(() => !host.Store.Snapshot().Services.All().Any() && !host.Store.Snapshot().Networks.All().Any(),
            TimeSpan.FromSeconds(30), "stack removed");
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task SwarmInitLeaveAndNodeRoles(string client)
    {
        using var temp = new TempDirectory("swarm-cli-");
        await using var host = await ControlApiHost.StartOnUnixSocketAsync(temp.Sub("api.sock"));
        var docker = new DockerCli(client, temp.Sub("api.sock"), temp.Sub("config"));
        host.Local.State = Swarm.Manager.ControlApi.LocalNodeState.Inactive;
        host.Membership.OnInit = () => host.Local.State = Swarm.Manager.ControlApi.LocalNodeState.Active;
        host.Membership.InitNodeId = host.Local.NodeId;

        var (listCode, _, listError) = await docker.RunAsync("node ls");
        Assert.NotEqual(0, listCode);
        Assert.Contains("This node is not a swarm manager", listError, StringComparison.Ordinal);

        var init = await docker.OkAsync("swarm init --advertise-addr 10.0.0.1");
        Assert.Contains("Swarm initialized", init, StringComparison.Ordinal);
        Assert.Contains(ControlApiHost.WorkerToken, init, StringComparison.Ordinal);
        Assert.Equal("init 10.0.0.1", host.Membership.Calls[0]);

        await host.Store.UpdateAsync(tx => tx.Nodes.Create(ControlApiHost.NewNode("worker1xxxxxxxxxxxxxxxxxxx", "worker-1", NodeRole.Worker)));
        await docker.OkAsync("node promote worker-1");
        Assert.Equal(NodeRole.Manager, host.Store.Snapshot().Nodes.Get("worker1xxxxxxxxxxxxxxxxxxx")!.Spec.DesiredRole);
        await docker.OkAsync("node demote worker-1");
        Assert.Equal(NodeRole.Worker, host.Store.Snapshot().Nodes.Get("worker1xxxxxxxxxxxxxxxxxxx")!.Spec.DesiredRole);
        var (demoteLast, _, demoteError) = await docker.RunAsync("node demote manager-1");
        Assert.NotEqual(0, demoteLast);
        Assert.Contains("last manager", demoteError, StringComparison.Ordinal);

        await docker.OkAsync("swarm leave --force");
        Assert.Equal("leave force=True", host.Membership.Calls[^1]);
    }
}
