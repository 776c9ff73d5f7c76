using Swarm.Api.Errors;
using Swarm.Engine.Images;
using Swarm.Engine.Images.Archive;
using Swarm.Testing;
using Swarm.Testing.Images;

namespace Swarm.Engine.Tests.Images;

[Trait("Requires", "root")]
public sealed class ImageStoreTests
{
    [Fact]
    public async Task ResolveAsync_ByNameIdAndIdPrefix_FindsTheSameImage()
    {
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        var image = await LoadAsync(store, dir, "app:1", "x");

        Assert.Equal(image.Id, (await store.ResolveAsync("docker.io/library/app:1", CancellationToken.None)).Id);
        Assert.Equal(image.Id, (await store.ResolveAsync(image.Id.ToString(), CancellationToken.None)).Id);
        Assert.Equal(image.Id, (await store.ResolveAsync(image.Id.Hex[..12], CancellationToken.None)).Id);
        await Assert.ThrowsAsync<NotFoundException>(() => store.ResolveAsync("app:2", CancellationToken.None));
    }

    [Fact]
    public async Task RemoveAsync_OneOfTwoTags_OnlyUntags()
    {
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        var image = await LoadAsync(store, dir, "app:1", "x");
        await store.TagAsync("app:1", "127.0.0.1:5000/app:latest", CancellationToken.None);

        var result = await store.RemoveAsync("app:1", force: false, CancellationToken.None);

        Assert.Equal(["app:1"], result.Untagged);
        Assert.Empty(result.Deleted);
        Assert.Equal(["127.0.0.1:5000/app:latest"], (await store.ResolveAsync(image.Id.ToString(), CancellationToken.None)).RepoTags);
    }

    [Fact]
    public async Task RemoveAsync_ByIdWithSeveralTags_NeedsForceThenRemovesAllNames()
    {
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        var image = await LoadAsync(store, dir, "app:1", "x");
        await store.TagAsync("app:1", "app:2", CancellationToken.None);

        await Assert.ThrowsAsync<ImageConflictException>(() => store.RemoveAsync(image.Id.ToString(), force: false, CancellationToken.None));
        var result = await store.RemoveAsync(image.Id.ToString(), force: true, CancellationToken.None);

        Assert.Equal(["app:1", "app:2"], result.Untagged.Order());
        Assert.Equal([image.Id], result.Deleted);
        Assert.Empty(await store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RemoveAsync_LastTag_DeletesImageAndCollectsItsBlobsAndLayers()
    {
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        var image = await LoadAsync(store, dir, "app:1", "x");

        var result = await store.RemoveAsync("app:1", force: false, CancellationToken.None);

        Assert.Equal([image.Id], result.Deleted);
        Assert.Null(await store.TryResolveAsync(image.Id.ToString(), CancellationToken.None));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "blobs", "sha256")));
        Assert.False(Directory.Exists(Path.GetDirectoryName(image.LayerDirs[0])));
    }

    [Fact]
    public async Task RemoveAsync_ImageInUse_IsRefusedUnlessForcedAndThenKept()
    {
        using var dir = new TempDirectory();
        var usage = new FixedUsage();
        var store = new ImageStore(dir.Path, usage);
        var image = await LoadAsync(store, dir, "app:1", "x");
        usage.InUse = image.Id;

        await Assert.ThrowsAsync<ImageInUseException>(() => store.RemoveAsync("app:1", force: false, CancellationToken.None));
        var forced = await store.RemoveAsync("app:1", force: true, CancellationToken.None);

        Assert.Equal(["app:1"], forced.Untagged);
        Assert.Empty(forced.Deleted);
        Assert.True(Directory.Exists(image.LayerDirs[0]));
        Assert.Empty((await store.ResolveAsync(image.Id.ToString(), CancellationToken.None)).RepoTags);
    }

    [Fact]
    public async Task GarbageCollectAsync_SharedLayer_SurvivesRemovalOfOneImage()
    {
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        var shared = new LayerTarBuilder().File("base", "b").Build();
        var first = new TestImage([shared, new LayerTarBuilder().File("one", "1").Build()]);
        var second = new TestImage([shared, new LayerTarBuilder().File("two", "2").Build()]);
        var a = Assert.Single(await new ImageArchive(store).LoadAsync(ImageArchiveTests.OciLayoutTar(first, dir, "first:1"), CancellationToken.None));
        var b = Assert.Single(await new ImageArchive(store).LoadAsync(ImageArchiveTests.OciLayoutTar(second, dir, "second:1"), CancellationToken.None));
        Assert.Equal(a.LayerDirs[^1], b.LayerDirs[^1]); // one unpacked copy of the shared layer

        await store.RemoveAsync("first:1", force: false, CancellationToken.None);
        var collected = await store.GarbageCollectAsync(CancellationToken.None);

        Assert.Equal(0, collected.LayersRemoved); // Remove already collected first's own layer
        Assert.True(File.Exists(Path.Combine(b.LayerDirs[^1], "base")));
        Assert.False(Directory.Exists(a.LayerDirs[0]));
        Assert.Equal(b.Id, (await store.ResolveAsync("second:1", CancellationToken.None)).Id);
    }

    private static async Task<Image> LoadAsync(ImageStore store, TempDirectory dir, string name, string content)
    {
        var image = new TestImage([new LayerTarBuilder().File("file", content).Build()]);
        return Assert.Single(await new ImageArchive(store).LoadAsync(ImageArchiveTests.OciLayoutTar(image, dir, name), CancellationToken.None));
    }

    private sealed class FixedUsage : IImageUsage
    {
        public Digest? InUse { get; set; }

        public string? ContainerUsing(Digest imageId) => imageId == InUse ? "c0ffee" : null;
    }
}
