using Swarm.Testing;

namespace Swarm.Cli.Tests.Cluster;

/// <summary>
/// Swarm mode end to end: real daemons (one per node, on loopback addresses), real containers, the real docker CLI
/// for init, join, services, promote, demote and leave.
/// </summary>
[Trait("Requires", "root")]
public sealed class SwarmModeTests
{
    private static readonly TimeSpan Patience = LoopbackSwarm.Patience;

    [Fact]
    public async Task Init_ServiceRunsRealContainers_ThenLeaveForce()
    {
        await using var swarm = new LoopbackSwarm();
        var node = await swarm.AddNodeAsync();

        var init = await swarm.InitAsync(node);
        var state = await node.Docker.OkAsync("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.Managers}} {{.Swarm.NodeAddr}}");
        var nodes = await LoopbackSwarm.NodeListAsync(node);
        await node.Docker.OkAsync("service", "create", "--detach", "--name", "web", "--replicas", "2", LoopbackSwarm.Image, "sleep", "300");
        await Eventually.TrueAsync(async () => await LoopbackSwarm.RunningTasksAsync(node, "web") == 2, Patience, "2 task containers running");
        var again = await node.Docker.RunAsync("swarm", "init", "--advertise-addr", node.Address);
        await node.Docker.OkAsync("service", "rm", "web");
        await Eventually.TrueAsync(async () => await LoopbackSwarm.RunningTasksAsync(node, "web") == 0, Patience, "the task containers removed");
        var leave = await node.Docker.RunAsync("swarm", "leave");
        await node.Docker.OkAsync("swarm", "leave", "--force");
        var after = await node.Docker.OkAsync("info", "--format", "{{.Swarm.LocalNodeState}}");

        Assert.Matches(@"Swarm initialized: current node \([0-9a-z]{25}\) is now a manager\.", init);
        Assert.Contains($"docker swarm join --token SWMTKN-1-", init, StringComparison.Ordinal);
        Assert.Contains($"{node.Address}:2377", init, StringComparison.Ordinal);
        Assert.Equal($"active true 1 {node.Address}\n", state);
        Assert.Equal("Ready/Leader", nodes![node.Hostname]);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("This node is already part of a swarm", again.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, leave.ExitCode);
        Assert.Contains("Removing the last manager erases all current state of the swarm", leave.Stderr, StringComparison.Ordinal);
        Assert.Equal("inactive\n", after);
        Assert.Null(await LoopbackSwarm.NodeListAsync(node));
    }

    [Fact]
    public async Task Secret_ReachesTheContainer_AndIsOnNoDiskInThePlain()
    {
        await using var swarm = new LoopbackSwarm();
        var node = await swarm.AddNodeAsync();
        await swarm.InitAsync(node);
        var plain = $"s3cret-{Guid.NewGuid():N}";

        var secretFile = node.Daemon.Sub("db_pw.txt");
        await File.WriteAllTextAsync(secretFile, plain);
        await node.Docker.OkAsync("secret", "create", "db_pw", secretFile);
        File.Delete(secretFile);
        await node.Docker.OkAsync("service", "create", "--detach", "--name", "db", "--secret", "db_pw", LoopbackSwarm.Image, "sleep", "300");
        var container = await Eventually.GetAsync(async () =>
            (await node.Docker.OkAsync("ps", "-q", "--filter", "label=com.docker.swarm.service.name=db")).Trim() is { Length: > 0 } id ? id : null,
            Patience, "the task's container");
        var read = await node.Docker.OkAsync("exec", container, "cat", "/run/secrets/db_pw");
        var onDisk = Directory.EnumerateFiles(node.Daemon.DataRoot, "*", SearchOption.AllDirectories)
            .Where(file => File.ReadAllBytes(file).AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(plain)) >= 0)
            .ToList();

        Assert.Equal(plain, read);
        Assert.Empty(onDisk); // the Raft log and snapshots hold it sealed; the node keeps it on tmpfs only
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(node.Daemon.DataRoot, "swarm", "raft"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task WorkerJoins_RunsTasks_IsPromotedAndDemoted_ThenLeaves()
    {
        await using var swarm = new LoopbackSwarm();
        var manager = await swarm.AddNodeAsync();
        var worker = await swarm.AddNodeAsync();
        await swarm.InitAsync(manager);

        var join = await swarm.JoinAsync(worker, manager, "worker");
        await manager.Docker.OkAsync("service", "create", "--detach", "--name", "web", "--replicas", "4", LoopbackSwarm.Image, "sleep", "300");
        await Eventually.TrueAsync(async () => await LoopbackSwarm.RunningTasksAsync(worker, "web") == 2, Patience, "2 of 4 tasks running on the worker");
        var asWorker = await worker.Docker.RunAsync("node", "ls");

        await manager.Docker.OkAsync("node", "promote", worker.Hostname);
        var promoted = await Eventually.GetAsync(async () => await LoopbackSwarm.NodeListAsync(worker) is { } list
            && list[worker.Hostname] == "Ready/Reachable" ? list : null, Patience, "the promoted node to serve node ls as a manager");
        var raftMembers = await manager.Docker.OkAsync("info", "--format", "{{.Swarm.Managers}}");

        await manager.Docker.OkAsync("node", "demote", worker.Hostname);
        await Eventually.TrueAsync(async () => await LoopbackSwarm.NodeListAsync(worker) is null, Patience, "the demoted node to refuse node ls");
        var demoted = await LoopbackSwarm.NodeListAsync(manager);

        await worker.Docker.OkAsync("swarm", "leave");
        var leftContainers = await LoopbackSwarm.RunningTasksAsync(worker, "web");
        await Eventually.TrueAsync(async () => await LoopbackSwarm.RunningTasksAsync(manager, "web") == 4, Patience, "the worker's tasks replaced on the manager");
        var gone = await LoopbackSwarm.NodeListAsync(manager);

        Assert.Equal(0, join.ExitCode);
        Assert.Equal("This node joined a swarm as a worker.\n", join.Stdout);
        Assert.NotEqual(0, asWorker.ExitCode);
        Assert.Contains("Worker nodes can't be used to view or modify cluster state", asWorker.Stderr, StringComparison.Ordinal);
        Assert.Equal("Ready/Leader", promoted[manager.Hostname]);
        Assert.Equal("2\n", raftMembers);
        Assert.Equal("Ready/", demoted![worker.Hostname]);
        Assert.Equal(0, leftContainers);
        Assert.Equal("Down/", gone![worker.Hostname]);
    }

    [Fact]
    public async Task ThreeManagers_LeaderKilled_AnotherLeads_AndTheKilledOneComesBack()
    {
        await using var swarm = new LoopbackSwarm();
        var first = await swarm.AddNodeAsync();
        var second = await swarm.AddNodeAsync();
        var third = await swarm.AddNodeAsync();
        await swarm.InitAsync(first);
        var joins = new[] { await swarm.JoinAsync(second, first, "manager"), await swarm.JoinAsync(third, first, "manager") };
        await first.Docker.OkAsync("service", "create", "--detach", "--name", "web", "--replicas", "3", LoopbackSwarm.Image, "sleep", "300");
        await Eventually.TrueAsync(async () => (await LoopbackSwarm.NodeListAsync(first))!.Values.Order().SequenceEqual(
            ["Ready/Leader", "Ready/Reachable", "Ready/Reachable"]), Patience, "three managers, one leading");
        // Settled first (allocated, placed, running): a scale racing the allocator's first write would get a 409.
        await Eventually.TrueAsync(async () => await RunningTasksAsync(swarm) == 3, Patience, "3 tasks running");

        await first.Daemon.KillAsync();
        var newLeader = await Eventually.GetAsync(async () =>
        {
            foreach (var survivor in new[] { second, third })
            {
                // Right after the kill a survivor may still name the dead leader, until its election timeout passes.
                if (await LoopbackSwarm.NodeListAsync(survivor) is { } list
                    && list.FirstOrDefault(n => n.Value == "Ready/Leader").Key is { } leader && leader != first.Hostname)
                    return leader;
            }
            return null;
        }, Patience, "a survivor to lead");
        var scale = await second.Docker.RunAsync("service", "scale", "--detach", "web=5");
        await Eventually.TrueAsync(async () => await LoopbackSwarm.RunningTasksAsync(second, "web") + await LoopbackSwarm.RunningTasksAsync(third, "web") >= 4,
            Patience, "the service scaled and first's tasks replaced on the survivors");

        await first.Daemon.StartAgainAsync();
        var back = await Eventually.GetAsync(async () => await LoopbackSwarm.NodeListAsync(first) is { } list
            && list[first.Hostname] == "Ready/Reachable" ? list : null, Patience, "the restarted manager back in the swarm");

        Assert.All(joins, j => Assert.Equal("This node joined a swarm as a manager.\n", j.Stdout));
        Assert.Contains(newLeader, new[] { second.Hostname, third.Hostname });
        Assert.Equal(0, scale.ExitCode);
        Assert.Equal(["Ready/Leader", "Ready/Reachable", "Ready/Reachable"], back.Values.Order());
    }

    [Fact]
    public async Task QuorumLost_ForceNewCluster_KeepsTheServices_OnTheLastManager()
    {
        await using var swarm = new LoopbackSwarm();
        var first = await swarm.AddNodeAsync();
        var second = await swarm.AddNodeAsync();
        var survivor = await swarm.AddNodeAsync();
        await swarm.InitAsync(first);
        await swarm.JoinAsync(second, first, "manager");
        await swarm.JoinAsync(survivor, first, "manager");
        await first.Docker.OkAsync("service", "create", "--detach", "--name", "web", "--replicas", "3", LoopbackSwarm.Image, "sleep", "300");
        await Eventually.TrueAsync(async () => await RunningTasksAsync(swarm) == 3, Patience, "3 tasks running");

        await first.Daemon.KillAsync();
        await second.Daemon.KillAsync();
        var leaderless = await Eventually.GetAsync(async () =>
            await survivor.Docker.RunAsync("node", "ls") is { ExitCode: not 0 } refused ? refused : null, Patience, "the survivor to notice");
        await survivor.Docker.OkAsync("swarm", "init", "--force-new-cluster", "--advertise-addr", survivor.Address, "--listen-addr", $"{survivor.Address}:2377");
        var nodes = await LoopbackSwarm.NodeListAsync(survivor);
        await survivor.Docker.OkAsync("service", "scale", "--detach", "web=4");
        await Eventually.TrueAsync(async () => await LoopbackSwarm.RunningTasksAsync(survivor, "web") == 4, Patience, "all 4 tasks on the survivor");

        Assert.Contains("The swarm does not have a leader", leaderless.Stderr, StringComparison.Ordinal);
        Assert.Equal("Ready/Leader", nodes![survivor.Hostname]);
        Assert.DoesNotContain("/Reachable", nodes[first.Hostname], StringComparison.Ordinal);
        Assert.DoesNotContain("/Reachable", nodes[second.Hostname], StringComparison.Ordinal);
    }

    private static async Task<int> RunningTasksAsync(LoopbackSwarm swarm)
    {
        var total = 0;
        foreach (var node in swarm.Nodes)
            total += await LoopbackSwarm.RunningTasksAsync(node, "web");
        return total;
    }

    [Fact]
    public async Task Join_WithAWrongToken_FailsWithAReadableError_AndLeavesTheNodeOutside()
    {
        await using var swarm = new LoopbackSwarm();
        var manager = await swarm.AddNodeAsync();
        var stranger = await swarm.AddNodeAsync();
        await swarm.InitAsync(manager);
        var token = (await manager.Docker.OkAsync("swarm", "join-token", "-q", "worker")).Trim();
        var otherSecret = token[..^25] + new string('0', 25);
        var otherSwarm = "SWMTKN-1-" + new string('1', 50) + token[^26..];

        var wrongSecret = await swarm.JoinWithTokenAsync(stranger, manager, otherSecret);
        var wrongCa = await swarm.JoinWithTokenAsync(stranger, manager, otherSwarm);
        var garbage = await swarm.JoinWithTokenAsync(stranger, manager, "not-a-token");
        var state = await stranger.Docker.OkAsync("info", "--format", "{{.Swarm.LocalNodeState}}");
        var nodes = await LoopbackSwarm.NodeListAsync(manager);

        Assert.NotEqual(0, wrongSecret.ExitCode);
        Assert.Contains("A valid join token is necessary to join this cluster", wrongSecret.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, wrongCa.ExitCode);
        Assert.Contains("not of the swarm this join token is for", wrongCa.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, garbage.ExitCode);
        Assert.Equal("inactive\n", state);
        Assert.Equal([manager.Hostname], nodes!.Keys);
    }
}
