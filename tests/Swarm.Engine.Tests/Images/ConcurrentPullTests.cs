using Swarm.Engine.Images;
using Swarm.Engine.Images.Registry;
using Swarm.Testing;
using Swarm.Testing.Images;

namespace Swarm.Engine.Tests.Images;

[Trait("Requires", "root")]
public sealed class ConcurrentPullTests
{
    [Fact]
    public async Task PullAsync_SameImageThreeTimesAtOnce_AllSucceedWithOneUnpackedCopy()
    {
        await using var registry = await LocalRegistry.StartAsync();
        var content = new byte[2_000_000];
        Random.Shared.NextBytes(content);
        var image = new TestImage([new LayerTarBuilder().File("a", content).Build(), new LayerTarBuilder().File("b", "small").Build()]);
        await RegistrySeed.PushAsync(image, registry, "same:1");
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        using var client = new RegistryClient();

        var pulled = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Task.Run(() => client.PullAsync(store, $"{registry.Address}/same:1", null, CancellationToken.None))));

        Assert.All(pulled, p => Assert.Equal(pulled[0].LayerDirs, p.LayerDirs));
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(pulled[0].LayerDirs[1], "a")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(dir.Path, "layers", "by-diffid")).Length);
    }
}
