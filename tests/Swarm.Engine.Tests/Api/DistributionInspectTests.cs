using System.Net;
using System.Text.Json;
using Swarm.Engine.Tests.Executor;

namespace Swarm.Engine.Tests.Api;

/// <summary>`GET /distribution/{name}/json`, which the docker CLI asks before `service create` to pin a digest.</summary>
[Trait("Requires", "root")]
public sealed class DistributionInspectTests(BusyboxRegistryFixture registry) : IClassFixture<BusyboxRegistryFixture>
{
    [Fact]
    public async Task KnownImage_GivesTheManifestDigestThatAPullRecords()
    {
        await using var session = await DockerSession.StartAsync(registry);
        using var http = EngineApiErrorTests.Client(session.Host.Socket);

        using var response = await http.GetAsync($"/v1.41/distribution/{registry.Busybox}/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var digest = json.RootElement.GetProperty("Descriptor").GetProperty("digest").GetString();
        var pulled = await session.Host.Images.ResolveAsync(registry.Busybox, CancellationToken.None);
        Assert.Contains(pulled.RepoDigests, d => d.EndsWith("@" + digest, StringComparison.Ordinal));
        Assert.Contains(json.RootElement.GetProperty("Platforms").EnumerateArray(),
            p => p.GetProperty("os").GetString() == "linux" && p.GetProperty("architecture").GetString() == "amd64");
    }

    [Fact]
    public async Task UnknownTag_404()
    {
        await using var session = await DockerSession.StartAsync(registry, pull: false);
        using var http = EngineApiErrorTests.Client(session.Host.Socket);

        using var response = await http.GetAsync($"/distribution/{registry.Busybox.Replace(":latest", ":nope", StringComparison.Ordinal)}/json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
