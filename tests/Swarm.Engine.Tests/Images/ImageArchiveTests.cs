using System.Formats.Tar;
using Swarm.Engine.Images;
using Swarm.Engine.Images.Archive;
using Swarm.Testing;
using Swarm.Testing.Images;

namespace Swarm.Engine.Tests.Images;

[Trait("Requires", "root")]
public sealed class ImageArchiveTests
{
    [Fact]
    public async Task LoadAsync_OciLayoutTar_LoadsTheImageUnderItsName()
    {
        using var dir = new TempDirectory();
        var image = new TestImage([new LayerTarBuilder().File("hello", "world").Build()]);
        var archive = OciLayoutTar(image, dir, "example.com/team/hello:3");
        var store = new ImageStore(dir.Sub("store"));

        var loaded = Assert.Single(await new ImageArchive(store).LoadAsync(archive, CancellationToken.None));

        Assert.Equal(image.ConfigDigest, loaded.Id.ToString());
        Assert.Equal(image.ManifestDigest, loaded.ManifestDigest.ToString());
        Assert.Equal(["example.com/team/hello:3"], loaded.RepoTags);
        Assert.Equal("world", File.ReadAllText(Path.Combine(loaded.LayerDirs[0], "hello")));
    }

    [Fact]
    public async Task SaveAsync_ThenLoadIntoAnotherStore_KeepsIdTagsAndLayers()
    {
        using var dir = new TempDirectory();
        var storeA = new ImageStore(dir.Sub("a"));
        var lower = new LayerTarBuilder().File("a", "1").Build();
        var upper = new LayerTarBuilder().Whiteout("a").File("b", "2").Build();
        var original = Assert.Single(await new ImageArchive(storeA).LoadAsync(OciLayoutTar(new TestImage([lower, upper]), dir, "app:1"), CancellationToken.None));
        using var saved = new MemoryStream();

        await new ImageArchive(storeA).SaveAsync(["app:1"], saved, CancellationToken.None);
        saved.Position = 0;
        var storeB = new ImageStore(dir.Sub("b"));
        var copy = Assert.Single(await new ImageArchive(storeB).LoadAsync(saved, CancellationToken.None));

        Assert.Equal(original.Id, copy.Id);
        Assert.Equal(["app:1"], copy.RepoTags);
        Assert.Equal(original.DiffIds, copy.DiffIds);
        Assert.Equal("2", File.ReadAllText(Path.Combine(copy.LayerDirs[0], "b")));
    }

    [Fact]
    public async Task SaveAsync_Output_IsReadBySkopeoAsBothDockerArchiveAndOciArchive()
    {
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Sub("store"));
        await new ImageArchive(store).LoadAsync(OciLayoutTar(BusyboxImage.Build(), dir, "busybox:1"), CancellationToken.None);
        var tar = dir.Sub("saved.tar");
        await using (var file = File.Create(tar))
            await new ImageArchive(store).SaveAsync(["busybox:1"], file, CancellationToken.None);

        await Skopeo.CopyAsync($"docker-archive:{tar}", $"oci:{dir.Sub("from-docker")}:x");
        await Skopeo.CopyAsync($"oci-archive:{tar}", $"oci:{dir.Sub("from-oci")}:x");
    }

    [Fact]
    public async Task LoadAsync_DockerArchiveWrittenBySkopeo_LoadsWithRepoTags()
    {
        using var dir = new TempDirectory();
        var image = BusyboxImage.Build();
        image.WriteOciLayout(dir.Sub("layout"), "seed");
        var tar = dir.Sub("docker.tar");
        await Skopeo.CopyAsync($"oci:{dir.Sub("layout")}:seed", $"docker-archive:{tar}:busybox:1.36");
        var store = new ImageStore(dir.Sub("store"));

        await using var file = File.OpenRead(tar);
        var loaded = Assert.Single(await new ImageArchive(store).LoadAsync(file, CancellationToken.None));

        Assert.Equal(["busybox:1.36"], loaded.RepoTags);
        Assert.Equal(image.DiffIds, loaded.DiffIds.Select(d => d.ToString()));
        Assert.True(File.Exists(Path.Combine(loaded.LayerDirs[0], "bin/busybox")));
    }

    [Fact]
    public async Task ImportAsync_RootfsTar_BecomesAOneLayerImageWithTheGivenConfig()
    {
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        var rootfs = LayerTarBuilder.Gzip(new LayerTarBuilder().Dir("etc/").File("etc/hostname", "box").Build());

        var image = await new ImageArchive(store).ImportAsync(new MemoryStream(rootfs), "imported:v1",
            new ImageConfig { Cmd = ["/bin/true"], WorkingDir = "/etc" }, null, CancellationToken.None);

        Assert.Equal(["imported:v1"], image.RepoTags);
        Assert.Equal(["/bin/true"], image.Config.Cmd!);
        Assert.Equal("/etc", image.Config.WorkingDir);
        Assert.Equal("box", File.ReadAllText(Path.Combine(Assert.Single(image.LayerDirs), "etc/hostname")));
        Assert.Equal(image.Id, (await store.ResolveAsync("imported:v1", CancellationToken.None)).Id);
    }

    [Fact]
    public async Task LoadAsync_NotAnImageArchive_IsRefused()
    {
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        var junk = new LayerTarBuilder().File("../../etc/passwd", "x").Build();

        await Assert.ThrowsAsync<InvalidImageException>(() => new ImageArchive(store).LoadAsync(new MemoryStream(junk), CancellationToken.None));

        Assert.Empty(await store.ListAsync(CancellationToken.None));
    }

    internal static MemoryStream OciLayoutTar(TestImage image, TempDirectory dir, string name)
    {
        var layout = dir.Sub("layout-" + Guid.NewGuid().ToString("N"));
        image.WriteOciLayout(layout, "1");
        var index = Path.Combine(layout, "index.json");
        File.WriteAllText(index, File.ReadAllText(index).Replace("\"org.opencontainers.image.ref.name\":\"1\"",
            $"\"org.opencontainers.image.ref.name\":\"1\",\"io.containerd.image.name\":\"{name}\"", StringComparison.Ordinal));
        var tar = new MemoryStream();
        TarFile.CreateFromDirectory(layout, tar, includeBaseDirectory: false);
        tar.Position = 0;
        return tar;
    }
}
