using Swarm.Engine.Images;
using Swarm.Engine.Images.Registry;
using Swarm.Testing;
using Swarm.Testing.Images;

namespace Swarm.Engine.Tests.Images;

[Trait("Requires", "root")]
public sealed class ResumeDownloadTests
{
    [Fact]
    public async Task PullAsync_PartialBlobLeftByAnEarlierAttempt_ResumesWithARangeRequest()
    {
        await using var registry = await LocalRegistry.StartAsync();
        var content = new byte[300_000];
        Random.Shared.NextBytes(content);
        var image = new TestImage([new LayerTarBuilder().File("data", content).Build()]);
        await RegistrySeed.PushAsync(image, registry, "big:1");
        var layer = image.Blobs.Keys.Single(d => d != image.ConfigDigest && d != image.ManifestDigest);
        using var dir = new TempDirectory();
        var store = new ImageStore(dir.Path);
        // What an interrupted download leaves: the first half of the blob in the ingest area.
        File.WriteAllBytes(Path.Combine(dir.Path, "blobs", "ingest", layer[7..]), image.Blobs[layer][..(image.Blobs[layer].Length / 2)]);
        var recorder = new RangeRecorder();
        using var client = new RegistryClient(handler: recorder);

        var pulled = await client.PullAsync(store, $"{registry.Address}/big:1", null, CancellationToken.None);

        Assert.Equal(content, File.ReadAllBytes(Path.Combine(pulled.LayerDirs[0], "data")));
        Assert.Contains($"bytes={image.Blobs[layer].Length / 2}-", recorder.Ranges);
    }

    private sealed class RangeRecorder() : DelegatingHandler(new SocketsHttpHandler())
    {
        public List<string> Ranges { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Range is { } range)
                lock (Ranges)
                    Ranges.Add(range.ToString());
            return base.SendAsync(request, cancellationToken);
        }
    }
}
