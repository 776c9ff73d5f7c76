using Swarm.Api.Errors;
using Swarm.Engine.Images;
using Swarm.Engine.Images.Registry;
using Swarm.Engine.Tests.Layers;
using Swarm.Testing;
using Swarm.Testing.Images;

namespace Swarm.Engine.Tests.Images;

[Trait("Requires", "root")]
public sealed class RegistryClientTests
{
    [Fact]
    public async Task PullAsync_BusyboxSeededBySkopeo_GivesARunnableRootfsAndItsConfig()
    {
        await using var registry = await LocalRegistry.StartAsync();
        var busybox = BusyboxImage.Build();
        await RegistrySeed.PushAsync(busybox, registry, "busybox:1");
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        using var client = new RegistryClient();
        var events = new List<TransferProgress>();

        var image = await client.PullAsync(store, $"{registry.Address}/busybox:1", new SyncProgress(events), CancellationToken.None);

        Assert.Equal(busybox.ConfigDigest, image.Id.ToString());
        Assert.Equal([$"{registry.Address}/busybox:1"], image.RepoTags);
        Assert.Equal(["sh"], image.Config.Cmd!);
        Assert.True(image.Size > new FileInfo(BusyboxImage.BusyboxPath).Length);
        Assert.Equal("yes", image.Config.Labels!["org.example.test"]);
        var rootfs = Assert.Single(image.LayerDirs);
        Assert.Equal("busybox", new FileInfo(Path.Combine(rootfs, "bin/sh")).LinkTarget);
        Assert.Equal("hello", await LayerStoreTests.RunAsync("chroot", rootfs, "/bin/sh", "-c", "echo hello"));
        Assert.Contains(events, e => e.Status == TransferStatus.PullComplete);
        Assert.Equal(TransferStatus.Done, events[^1].Status);
        Assert.Equal(image.Id, (await store.ResolveAsync(image.RepoDigests.Single(), CancellationToken.None)).Id);
    }

    [Fact]
    public async Task PullAsync_TwoLayersWithWhiteouts_MergedViewHidesDeletedFiles()
    {
        await using var registry = await LocalRegistry.StartAsync();
        var lower = new LayerTarBuilder().Dir("etc/").File("etc/keep", "k").File("etc/secret", "s").Dir("cache/").File("cache/old", "o").Build();
        var upper = new LayerTarBuilder().Dir("etc/").Whiteout("etc/secret").Dir("cache/").Opaque("cache").File("cache/new", "n").Build();
        await RegistrySeed.PushAsync(new TestImage([lower, upper]), registry, "layered:1");
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        using var client = new RegistryClient();

        var image = await client.PullAsync(store, $"{registry.Address}/layered:1", null, CancellationToken.None);

        Assert.Equal(2, image.LayerDirs.Count);
        var merged = dir.Sub("merged");
        Directory.CreateDirectory(merged);
        await LayerStoreTests.RunAsync("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + string.Join(':', image.LayerDirs), merged);
        try
        {
            Assert.True(File.Exists(Path.Combine(merged, "etc/keep")));
            Assert.False(File.Exists(Path.Combine(merged, "etc/secret")));
            Assert.Equal(["new"], Directory.GetFileSystemEntries(Path.Combine(merged, "cache")).Select(Path.GetFileName));
        }
        finally
        {
            await LayerStoreTests.RunAsync("umount", merged);
        }
    }

    [Fact]
    public async Task PullAsync_Index_ChoosesLinuxAmd64()
    {
        await using var registry = await LocalRegistry.StartAsync();
        var amd64 = new TestImage([new LayerTarBuilder().File("arch", "amd64").Build()]);
        var other = new TestImage([new LayerTarBuilder().File("arch", "arm64").Build()]);
        await RegistrySeed.PushAsync(amd64, registry, "multi:amd64");
        await RegistrySeed.PushAsync(other, registry, "multi:arm64");
        var index = $$$"""
            {"schemaVersion":2,"mediaType":"{{{MediaTypes.OciIndex}}}","manifests":[
              {"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{other.ManifestDigest}}}","size":{{{other.ManifestBytes.Length}}},"platform":{"architecture":"arm64","os":"linux"}},
              {"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{amd64.ManifestDigest}}}","size":{{{amd64.ManifestBytes.Length}}},"platform":{"architecture":"amd64","os":"linux"}}]}
            """;
        await RegistrySeed.PutManifestAsync(registry, "multi", "latest", MediaTypes.OciIndex, index);
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        using var client = new RegistryClient();

        var image = await client.PullAsync(store, $"{registry.Address}/multi", null, CancellationToken.None);

        Assert.Equal(amd64.ConfigDigest, image.Id.ToString());
        Assert.Equal("amd64", File.ReadAllText(Path.Combine(image.LayerDirs[0], "arch")));
        Assert.Equal(Digest.Of(System.Text.Encoding.UTF8.GetBytes(index.Trim())).ToString(), image.RepoDigests.Single().Split('@')[1]);
    }

    [Fact]
    public async Task PullAsync_DockerSchema2Manifest_PullsAndPushesBackUnchanged()
    {
        await using var registry = await LocalRegistry.StartAsync();
        var image = new TestImage([new LayerTarBuilder().File("from", "docker").Build()]);
        await RegistrySeed.PushAsync(image, registry, "schema2:1", format: "v2s2");
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        using var client = new RegistryClient();

        var pulled = await client.PullAsync(store, $"{registry.Address}/schema2:1", null, CancellationToken.None);
        await store.TagAsync(pulled.Id.ToString(), $"{registry.Address}/schema2:copy", CancellationToken.None);
        var pushed = await client.PushAsync(store, $"{registry.Address}/schema2:copy", null, CancellationToken.None);

        Assert.Equal("docker", File.ReadAllText(Path.Combine(pulled.LayerDirs[0], "from")));
        Assert.Equal(pulled.ManifestDigest, pushed);
        var manifest = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir.Path, "blobs", "sha256", pushed.Hex)));
        Assert.Contains(MediaTypes.DockerManifest, manifest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullAsync_UnknownTag_ThrowsNotFoundAndStoresNothing()
    {
        await using var registry = await LocalRegistry.StartAsync();
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        using var client = new RegistryClient();

        await Assert.ThrowsAsync<NotFoundException>(() => client.PullAsync(store, $"{registry.Address}/nothing:here", null, CancellationToken.None));

        Assert.Empty(await store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PushAsync_ThenPullIntoAnotherStore_RoundTripsTheSameImage()
    {
        await using var registry = await LocalRegistry.StartAsync();
        await RegistrySeed.PushAsync(BusyboxImage.Build(), registry, "busybox:1");
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        var storeA = new ImageStore(dirA.Path);
        var storeB = new ImageStore(dirB.Path);
        using var client = new RegistryClient();
        var original = await client.PullAsync(storeA, $"{registry.Address}/busybox:1", null, CancellationToken.None);
        await storeA.TagAsync(original.Id.ToString(), $"{registry.Address}/mine/copy:2", CancellationToken.None);
        var events = new List<TransferProgress>();

        var digest = await client.PushAsync(storeA, $"{registry.Address}/mine/copy:2", new SyncProgress(events), CancellationToken.None);
        var copy = await client.PullAsync(storeB, $"{registry.Address}/mine/copy@{digest}", null, CancellationToken.None);

        Assert.Equal(original.Id, copy.Id);
        Assert.Equal(original.DiffIds, copy.DiffIds);
        Assert.Contains(events, e => e.Status == TransferStatus.Pushed);
        Assert.Equal(original.ManifestDigest, digest);
        // A second push finds every blob already there.
        events.Clear();
        await client.PushAsync(storeA, $"{registry.Address}/mine/copy:2", new SyncProgress(events), CancellationToken.None);
        Assert.DoesNotContain(events, e => e.Status == TransferStatus.Pushed);
    }

    /// <summary>Progress reported inline (Progress&lt;T&gt; posts to the thread pool and may arrive late).</summary>
    internal sealed class SyncProgress(List<TransferProgress> events) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            lock (events)
                events.Add(value);
        }
    }
}
