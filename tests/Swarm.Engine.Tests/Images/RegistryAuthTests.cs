using Swarm.Engine.Images;
using Swarm.Engine.Images.Archive;
using Swarm.Engine.Images.Registry;
using Swarm.Testing;
using Swarm.Testing.Images;

namespace Swarm.Engine.Tests.Images;

/// <summary>docker-registry with token auth, trusting an in-test token server that wants Basic credentials.</summary>
[Trait("Requires", "root")]
public sealed class RegistryAuthTests
{
    [Fact]
    public async Task PushAndPull_WithCredentials_GetBearerTokensAndRoundTrip()
    {
        await using var tokens = new TokenServer("alice", "s3cret");
        await using var registry = await LocalRegistry.StartAsync(tokens);
        using var dir = new TempDirectory();
        var reference = $"{registry.Address}/private/app:1";
        var storeA = new ImageStore(dir.Sub("a"));
        var image = new TestImage([new LayerTarBuilder().File("secret", "data").Build()]);
        var loaded = Assert.Single(await new ImageArchive(storeA).LoadAsync(ImageArchiveTests.OciLayoutTar(image, dir, reference), CancellationToken.None));
        using var client = new RegistryClient(new RegistryOptions
        {
            Credentials = r => r == registry.Address ? new RegistryCredentials("alice", "s3cret") : null,
        });

        await client.PushAsync(storeA, reference, null, CancellationToken.None);
        var pulled = await client.PullAsync(new ImageStore(dir.Sub("b")), reference, null, CancellationToken.None);

        Assert.Equal(loaded.Id, pulled.Id);
        Assert.True(tokens.TokensIssued >= 2); // one push scope, one pull scope
    }

    [Fact]
    public async Task PullAsync_WithoutCredentials_FailsWithUnauthorized()
    {
        await using var tokens = new TokenServer("alice", "s3cret");
        await using var registry = await LocalRegistry.StartAsync(tokens);
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        using var client = new RegistryClient(new RegistryOptions
        {
            Credentials = _ => new RegistryCredentials("alice", "wrong"),
        });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.PullAsync(store, $"{registry.Address}/private/app:1", null, CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal(0, tokens.TokensIssued);
    }
}
