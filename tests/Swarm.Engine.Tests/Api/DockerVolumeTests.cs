using Swarm.Engine.Tests.Executor;

namespace Swarm.Engine.Tests.Api;

/// <summary>The real docker CLI against the Engine API: named and anonymous local volumes.</summary>
[Trait("Requires", "root")]
public sealed class DockerVolumeTests(BusyboxRegistryFixture registry) : IClassFixture<BusyboxRegistryFixture>
{
    [Fact]
    public async Task NamedVolume_OutlivesContainers_AndCannotBeRemovedWhileMounted()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;

        var created = await docker.OkAsync("volume", "create", "--label", "team=db", "data");
        await docker.OkAsync("run", "--rm", "-v", "data:/data", session.Busybox, "sh", "-c", "echo kept > /data/f");
        var read = await docker.OkAsync("run", "--rm", "--mount", "type=volume,source=data,target=/mnt,readonly", session.Busybox, "cat", "/mnt/f");
        var readOnly = await docker.RunAsync("run", "--rm", "-v", "data:/data:ro", session.Busybox, "sh", "-c", "echo x > /data/g");
        var labels = await docker.OkAsync("volume", "inspect", "--format", "{{.Driver}} {{.Labels.team}}", "data");
        await docker.OkAsync("run", "-d", "--name", "holder", "-v", "data:/data", session.Busybox, "sleep", "300");
        var refused = await docker.RunAsync("volume", "rm", "data");
        await docker.OkAsync("rm", "-f", "holder");
        await docker.OkAsync("volume", "rm", "data");
        var gone = await docker.RunAsync("volume", "inspect", "data");

        Assert.Equal("data\n", created);
        Assert.Equal("kept\n", read);
        Assert.NotEqual(0, readOnly.ExitCode);
        Assert.Contains("Read-only file system", readOnly.Stderr, StringComparison.Ordinal);
        Assert.Equal("local db\n", labels);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("volume is in use", refused.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("no such volume", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousVolume_IsCreatedForAPathAlone_AndPruneRemovesUnusedOnes()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;

        await docker.OkAsync("run", "--name", "scratchy", "-v", "/scratch", session.Busybox, "sh", "-c", "echo hi > /scratch/f");
        var listed = (await docker.OkAsync("volume", "ls", "-q")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await docker.OkAsync("rm", "scratchy");
        await docker.OkAsync("volume", "prune", "-f");
        var afterPrune = await docker.OkAsync("volume", "ls", "-q");

        Assert.Matches("^[0-9a-f]{64}$", Assert.Single(listed));
        Assert.Equal("", afterPrune);
    }

    [Fact]
    public async Task VolumeName_WithInvalidCharacters_IsRefused()
    {
        await using var session = await DockerSession.StartAsync(registry, pull: false);

        var result = await session.Docker.RunAsync("volume", "create", "bad name");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("includes invalid characters for a local volume name", result.Stderr, StringComparison.Ordinal);
    }
}
