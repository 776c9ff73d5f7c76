using Swarm.Engine.Tests.Executor;

namespace Swarm.Engine.Tests.Api;

/// <summary>The real docker CLI against the Engine API: pull, images, inspect, tag, push, rmi, save, load.</summary>
[Trait("Requires", "root")]
public sealed class DockerImageTests(BusyboxRegistryFixture registry) : IClassFixture<BusyboxRegistryFixture>
{
    [Fact]
    public async Task Pull_FromLocalRegistry_ShowsDockerProgressAndListsTheImage()
    {
        await using var session = await DockerSession.StartAsync(registry, pull: false);
        var docker = session.Docker;

        var pulled = await docker.OkAsync("pull", session.Busybox);
        var again = await docker.OkAsync("pull", session.Busybox);
        var images = await docker.OkAsync("images", "--format", "{{.Repository}}:{{.Tag}} {{.Size}}");
        var inspect = await docker.OkAsync("image", "inspect", "-f", "{{.Os}} {{.Architecture}} {{json .Config.Cmd}} {{len .RootFS.Layers}}", session.Busybox);

        Assert.Contains("Pull complete", pulled, StringComparison.Ordinal);
        Assert.Contains("Digest: sha256:", pulled, StringComparison.Ordinal);
        Assert.Contains($"Status: Downloaded newer image for {session.Busybox}", pulled, StringComparison.Ordinal);
        Assert.Contains($"Status: Image is up to date for {session.Busybox}", again, StringComparison.Ordinal);
        Assert.StartsWith($"{session.Busybox} ", images.Trim());
        Assert.Equal("linux amd64 [\"sh\"] 1\n", inspect);
    }

    [Fact]
    public async Task Pull_MissingImage_FailsWithTheRegistrysError()
    {
        await using var session = await DockerSession.StartAsync(registry, pull: false);

        var result = await session.Docker.RunAsync("pull", $"{registry.Registry.Address}/absent:1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(session.Host.Runtime.List());
    }

    [Fact]
    public async Task TagPushRmiPull_RoundTripsThroughTheRegistry()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        var copy = $"{registry.Registry.Address}/copy:1";

        await docker.OkAsync("tag", session.Busybox, copy);
        var pushed = await docker.OkAsync("push", copy);
        var removed = await docker.OkAsync("rmi", copy);
        var pulled = await docker.OkAsync("pull", copy);
        var output = await docker.OkAsync("run", "--rm", copy, "echo", "from copy");

        Assert.Contains("Pushed", pushed, StringComparison.Ordinal);
        Assert.Matches(@"1: digest: sha256:[0-9a-f]{64} size: \d+", pushed);
        Assert.Contains($"Untagged: {copy}", removed, StringComparison.Ordinal);
        Assert.Contains("Status: Downloaded newer image", pulled, StringComparison.Ordinal);
        Assert.Equal("from copy\n", output);
    }

    [Fact]
    public async Task SaveRmiLoad_RestoresTheImage()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        var tar = session.Host.Sub("busybox.tar");
        var id = (await docker.OkAsync("image", "inspect", "-f", "{{.Id}}", session.Busybox)).Trim();

        await docker.OkAsync("save", "-o", tar, session.Busybox);
        await docker.OkAsync("rmi", session.Busybox);
        var gone = await docker.RunAsync("image", "inspect", session.Busybox);
        var loaded = await docker.RunWithInputAsync(tar, "load");
        var after = (await docker.OkAsync("image", "inspect", "-f", "{{.Id}}", session.Busybox)).Trim();

        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("No such image", gone.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, loaded.ExitCode);
        Assert.Contains($"Loaded image: {session.Busybox}", loaded.Stdout, StringComparison.Ordinal);
        Assert.Equal(id, after);
    }

    [Fact]
    public async Task Rmi_ImageUsedByContainer_RefusedWithConflict()
    {
        await using var session = await DockerSession.StartAsync(registry);
        var docker = session.Docker;
        await docker.OkAsync("create", "--name", "user", session.Busybox, "true");

        var refused = await docker.RunAsync("rmi", session.Busybox);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("being used by container", refused.Stderr, StringComparison.Ordinal);
    }
}
