using System.Diagnostics;
using System.Text.Json;

namespace Swarm.Cli.Tests.Cluster;

/// <summary>docker-py (Debian's python3-docker, which ./test.sh installs) driving swarm mode on a real daemon.</summary>
[Trait("Requires", "root")]
public sealed class DockerPySwarmTests
{
    [Fact]
    public async Task DockerPy_InitCreateScaleLeave_AndScalingReplacesNoTask()
    {
        await using var swarm = new LoopbackSwarm();
        var node = await swarm.AddNodeAsync();
        var script = Path.Combine(AppContext.BaseDirectory, "Cluster", "docker_py_swarm.py");
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, node.Daemon.DockerHost, node.Address, LoopbackSwarm.Image })
            info.ArgumentList.Add(argument);

        using var python = Process.Start(info)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(LoopbackSwarm.Patience);
        await python.WaitForExitAsync(bound.Token);
        Assert.True(python.ExitCode == 0, await errors);
        var seen = JsonDocument.Parse(await output).RootElement;

        Assert.Equal(25, seen.GetProperty("node_id").GetString()!.Length);
        Assert.StartsWith("SWMTKN-1-", seen.GetProperty("worker_token").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, seen.GetProperty("nodes").GetInt32());
        Assert.Equal(2, seen.GetProperty("running_before_scale").GetInt32());
        Assert.Equal(3, seen.GetProperty("running_after_scale").GetInt32());
        Assert.Equal(3, seen.GetProperty("tasks_after_scale").GetInt32());
        Assert.Equal(["web"], seen.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.True(seen.GetProperty("left").GetBoolean());
    }
}
