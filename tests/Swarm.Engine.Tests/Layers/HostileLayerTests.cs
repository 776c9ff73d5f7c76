using Swarm.Engine.Images;
using Swarm.Engine.Layers;
using Swarm.Testing;
using Swarm.Testing.Images;

namespace Swarm.Engine.Tests.Layers;

/// <summary>Extraction never writes outside the layer: every hostile tar is refused and leaves nothing behind.</summary>
[Trait("Requires", "root")]
public sealed class HostileLayerTests
{
    public static TheoryData<string> Cases => ["dotdot", "dotdot-inner", "absolute", "symlink-parent", "symlink-parent-relative", "hardlink-out", "hardlink-abs"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EnsureAsync_HostileTar_IsRefusedAndNothingEscapes(string name)
    {
        using var dir = new TempDirectory();
        var outside = Path.Combine(dir.Path, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "victim"), "original");
        var store = new LayerStore(Path.Combine(dir.Path, "root"));
        var tar = Build(name, outside);

        await Assert.ThrowsAsync<InvalidImageException>(() =>
            store.EnsureAsync(Digest.Of(tar), () => new MemoryStream(tar), CancellationToken.None));

        Assert.Equal(["victim"], Directory.GetFileSystemEntries(outside).Select(Path.GetFileName));
        Assert.Equal("original", File.ReadAllText(Path.Combine(outside, "victim")));
        Assert.False(store.Exists(Digest.Of(tar)));
        Assert.Empty(Directory.GetDirectories(Path.Combine(dir.Path, "root", "layers"), "tmp-*"));
    }

    [Fact]
    public async Task EnsureAsync_FileOverASymlinkToOutside_ReplacesTheLinkNotItsTarget()
    {
        using var dir = new TempDirectory();
        var outside = Path.Combine(dir.Path, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "victim"), "original");
        var store = new LayerStore(Path.Combine(dir.Path, "root"));
        var tar = new LayerTarBuilder().Symlink("link", Path.Combine(outside, "victim")).File("link", "inside").Build();

        await store.EnsureAsync(Digest.Of(tar), () => new MemoryStream(tar), CancellationToken.None);

        var link = Path.Combine(store.DirOf(Digest.Of(tar))!, "link");
        Assert.Null(new FileInfo(link).LinkTarget);
        Assert.Equal("inside", File.ReadAllText(link));
        Assert.Equal("original", File.ReadAllText(Path.Combine(outside, "victim")));
    }

    private static byte[] Build(string name, string outside)
    {
        // The layer unpacks at <dir>/root/layers/tmp-x/diff: four levels below <dir>.
        var up = "../../../../outside";
        return name switch
        {
            "dotdot" => new LayerTarBuilder().File(up + "/victim", "pwned").Build(),
            "dotdot-inner" => new LayerTarBuilder().Dir("a/").File("a/../../../../../outside/new", "pwned").Build(),
            "absolute" => new LayerTarBuilder().File(outside + "/new", "pwned").Build(),
            "symlink-parent" => new LayerTarBuilder().Symlink("evil", outside).File("evil/victim", "pwned").Build(),
            "symlink-parent-relative" => new LayerTarBuilder().Symlink("evil", up).File("evil/new", "pwned").Build(),
            "hardlink-out" => new LayerTarBuilder().HardLink("copy", up + "/victim").Build(),
            "hardlink-abs" => new LayerTarBuilder().HardLink("copy", outside + "/victim").Build(),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }
}
