using Swarm.Engine.Images;
using Swarm.Engine.Layers;
using Swarm.Testing;
using Swarm.Testing.Images;

namespace Swarm.Engine.Tests.Layers;

[Trait("Requires", "root")]
public sealed class LayerStoreTests
{
    [Fact]
    public async Task EnsureAsync_RegularTree_KeepsContentModesOwnersLinksAndTimes()
    {
        using var dir = new TempDirectory();
        var store = new LayerStore(dir.Path);
        var tar = new LayerTarBuilder()
            .Dir("etc/")
            .File("etc/motd", "hi", (UnixFileMode)0x1e4 /* 0744 */, uid: 1000, gid: 1001)
            .File("bin/tool", "#!/bin/sh", (UnixFileMode)0x9ed /* 4755 */)
            .Symlink("bin/alias", "tool")
            .HardLink("bin/same", "bin/tool")
            .Build();

        Assert.True(await store.EnsureAsync(Digest.Of(tar), () => new MemoryStream(tar), CancellationToken.None));

        var root = store.DirOf(Digest.Of(tar))!;
        Assert.Equal("hi", File.ReadAllText(Path.Combine(root, "etc/motd")));
        Assert.Equal((UnixFileMode)0x1e4, File.GetUnixFileMode(Path.Combine(root, "etc/motd")));
        Assert.Equal((UnixFileMode)0x9ed, File.GetUnixFileMode(Path.Combine(root, "bin/tool")));
        Assert.Equal("tool", new FileInfo(Path.Combine(root, "bin/alias")).LinkTarget);
        Assert.Equal("#!/bin/sh", File.ReadAllText(Path.Combine(root, "bin/same")));
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(Path.Combine(root, "etc")));
        Assert.Equal("1000:1001", await StatOwnerAsync(Path.Combine(root, "etc/motd")));
    }

    [Fact]
    public async Task Remove_WithAnEmptyIndexFile_LeavesEveryOtherLayerAlone()
    {
        using var dir = new TempDirectory();
        var store = new LayerStore(dir.Path);
        var kept = new LayerTarBuilder().File("a", "1").Build();
        await store.EnsureAsync(Digest.Of(kept), () => new MemoryStream(kept), CancellationToken.None);
        var damaged = Digest.Of([1, 2, 3]);
        // What a crash between creating and filling an index file could leave behind.
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "layers", "by-diffid", damaged.Hex), "");

        Assert.False(store.Exists(damaged));
        store.Remove(damaged);

        Assert.True(store.Exists(Digest.Of(kept)));
        Assert.True(Directory.Exists(store.DirOf(Digest.Of(kept))));
    }

    [Fact]
    public async Task EnsureAsync_SameLayerTwiceConcurrently_UnpacksOnce()
    {
        using var dir = new TempDirectory();
        var store = new LayerStore(dir.Path);
        var tar = new LayerTarBuilder().File("a", "1").Build();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => store.EnsureAsync(Digest.Of(tar), () => new MemoryStream(tar), CancellationToken.None))));

        Assert.Single(results, unpacked => unpacked);
        Assert.Single(Directory.GetDirectories(Path.Combine(dir.Path, "layers")), d => !d.EndsWith("by-diffid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnsureAsync_WrongDiffId_KeepsNothing()
    {
        using var dir = new TempDirectory();
        var store = new LayerStore(dir.Path);
        var tar = new LayerTarBuilder().File("a", "1").Build();
        var claimed = Digest.Of("something else"u8);

        await Assert.ThrowsAsync<InvalidImageException>(() => store.EnsureAsync(claimed, () => new MemoryStream(tar), CancellationToken.None));

        Assert.False(store.Exists(claimed));
        Assert.Empty(Directory.GetDirectories(Path.Combine(dir.Path, "layers"), "tmp-*"));
    }

    [Fact]
    public async Task EnsureAsync_Whiteouts_BecomeOverlayCharDevicesAndOpaqueXattrs()
    {
        using var dir = new TempDirectory();
        var store = new LayerStore(dir.Path);
        var tar = new LayerTarBuilder().Dir("a/").Whiteout("a/gone").Dir("d/").Opaque("d").Build();

        await store.EnsureAsync(Digest.Of(tar), () => new MemoryStream(tar), CancellationToken.None);

        var root = store.DirOf(Digest.Of(tar))!;
        Assert.Equal("character special file 0,0", await RunAsync("stat", "-c", "%F %t,%T", Path.Combine(root, "a/gone")));
        Assert.False(File.Exists(Path.Combine(root, "a/.wh.gone")));
        Assert.Equal("y", LayerSyscalls.GetXattr(Path.Combine(root, "d"), "trusted.overlay.opaque"));
    }

    internal static Task<string> StatOwnerAsync(string path) => RunAsync("stat", "-c", "%u:%g", path);

    internal static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {error}");
        return output.Trim();
    }
}
