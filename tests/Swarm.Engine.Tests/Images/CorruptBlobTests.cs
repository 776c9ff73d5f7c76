using Swarm.Engine.Images;
using Swarm.Engine.Images.Registry;
using Swarm.Testing;
using Swarm.Testing.Images;

namespace Swarm.Engine.Tests.Images;

/// <summary>A registry serving bytes that do not match their digest: the pull fails and keeps nothing.</summary>
[Trait("Requires", "root")]
public sealed class CorruptBlobTests
{
    [Theory]
    [InlineData("layer")]
    [InlineData("config")]
    public async Task PullAsync_BlobNotMatchingItsDigest_FailsAndRegistersNothing(string which)
    {
        await using var registry = await LocalRegistry.StartAsync();
        var image = new TestImage([new LayerTarBuilder().File("file", "genuine content").Build()]);
        await RegistrySeed.PushAsync(image, registry, "corrupt:1");
        var blob = which == "config" ? image.ConfigDigest : image.Blobs.Keys.Single(d => d != image.ConfigDigest && d != image.ManifestDigest);
        var bytes = File.ReadAllBytes(registry.BlobFile(blob));
        bytes[^5] ^= 0xff; // the gzip trailer (CRC) or a JSON byte: same length, different digest
        File.WriteAllBytes(registry.BlobFile(blob), bytes);
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        using var client = new RegistryClient();

        await Assert.ThrowsAsync<InvalidImageException>(() => client.PullAsync(store, $"{registry.Address}/corrupt:1", null, CancellationToken.None));

        Assert.Empty(await store.ListAsync(CancellationToken.None));
        Assert.Null(await store.TryResolveAsync($"{registry.Address}/corrupt:1", CancellationToken.None));
    }
}
