using Swarm.Engine.Images;
using Swarm.Engine.Layers;
using Swarm.Testing;
using Swarm.Testing.Images;

namespace Swarm.Engine.Tests.Layers;

/// <summary>Proves the whiteout format with the kernel: two unpacked layers mounted as overlay lowerdirs.</summary>
[Trait("Requires", "root")]
public sealed class OverlayWhiteoutTests
{
    [Fact]
    public async Task MountedLayers_HideWhitedOutFilesAndOpaqueDirectories()
    {
        using var dir = new TempDirectory();
        var store = new LayerStore(dir.Path);
        var lower = new LayerTarBuilder()
            .Dir("a/").File("a/keep", "k").File("a/gone", "g")
            .Dir("d/").File("d/old", "o")
            .Build();
        var upper = new LayerTarBuilder()
            .Dir("a/").Whiteout("a/gone")
            .Dir("d/").Opaque("d").File("d/new", "n")
            .Build();
        await store.EnsureAsync(Digest.Of(lower), () => new MemoryStream(lower), CancellationToken.None);
        await store.EnsureAsync(Digest.Of(upper), () => new MemoryStream(upper), CancellationToken.None);
        var merged = dir.Sub("merged");
        Directory.CreateDirectory(merged);
        var lowerdirs = store.DirOf(Digest.Of(upper)) + ":" + store.DirOf(Digest.Of(lower)); // top first

        await LayerStoreTests.RunAsync("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + lowerdirs, merged);
        try
        {
            Assert.True(File.Exists(Path.Combine(merged, "a/keep")));
            Assert.False(File.Exists(Path.Combine(merged, "a/gone")));
            Assert.Equal(["new"], Directory.GetFileSystemEntries(Path.Combine(merged, "d")).Select(Path.GetFileName));
        }
        finally
        {
            await LayerStoreTests.RunAsync("umount", merged);
        }
    }
}
