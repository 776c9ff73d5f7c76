using System.Diagnostics;
using System.Formats.Tar;
using Swarm.Engine.Images;
using Swarm.Engine.Images.Archive;
using Swarm.Engine.Images.Registry;
using Swarm.Testing;
using Swarm.Testing.Images;

namespace Swarm.Bench.Scenarios;

/// <summary>
/// Image transfer against Debian's docker-registry on loopback: a 50 MB image (5 layers of incompressible data,
/// gzip) pushed once with our client, then pulled into a fresh store (download, sha256 and DiffID checks, unpack)
/// several times. MB = 10^6 bytes of compressed layer blobs.
/// </summary>
internal sealed class EnginePullScenario : IScenario
{
    private const int Layers = 5;
    private const int LayerBytes = 10_000_000;
    private const int Runs = 5;

    public string Name => "engine-pull";

    public string Description => "50 MB image from a local docker-registry: engine.pull_mb_per_sec, engine.push_mb_per_sec (+ skopeo as reference)";

    public async Task RunAsync(BenchOutput output, CancellationToken cancellationToken)
    {
        if (!LocalRegistry.Available)
            throw new InvalidOperationException($"{LocalRegistry.Binary} is missing (apt-get install docker-registry)");
        using var work = new TempDirectory("swarm-bench-pull-");
        output.Progress("building a 50 MB image");
        var image = new TestImage(Enumerable.Range(0, Layers).Select(RandomLayer).ToList());
        var blobBytes = image.Blobs.Where(b => b.Key != image.ConfigDigest && b.Key != image.ManifestDigest).Sum(b => (long)b.Value.Length);
        await using var registry = await LocalRegistry.StartAsync();
        var reference = $"{registry.Address}/bench/big:1";
        using var client = new RegistryClient();

        var seed = new ImageStore(work.Sub("seed"));
        await LoadAsync(seed, image, work, reference, cancellationToken);
        var push = Stopwatch.StartNew();
        await client.PushAsync(seed, reference, null, cancellationToken);
        output.Metric("engine.push_mb_per_sec", blobBytes / 1e6 / push.Elapsed.TotalSeconds, "MB/s");

        var rates = new List<double>();
        var cpuRates = new List<double>();
        using var self = Process.GetCurrentProcess();
        for (var run = 0; run < Runs; run++)
        {
            var root = work.Sub($"pull-{run}");
            var store = new ImageStore(root);
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await client.PullAsync(store, reference, null, cancellationToken);
            watch.Stop();
            self.Refresh();
            var cpu = self.TotalProcessorTime - cpuBefore;
            rates.Add(blobBytes / 1e6 / watch.Elapsed.TotalSeconds);
            cpuRates.Add(blobBytes / 1e6 / cpu.TotalSeconds);
            output.Progress($"pull {run + 1}/{Runs}: {watch.Elapsed.TotalMilliseconds:0} ms wall, {cpu.TotalMilliseconds:0} ms CPU, {rates[^1]:0} MB/s");
            Directory.Delete(root, recursive: true);
        }
        rates.Sort();
        cpuRates.Sort();
        output.Metric("engine.pull_mb_per_sec", rates[rates.Count / 2], "MB/s");
        // Per CPU-second of this process (the registry excluded): steadier than wall time on a busy machine.
        output.Metric("engine.pull_mb_per_cpu_sec", cpuRates[cpuRates.Count / 2], "MB/s");

        // Reference point on the same registry and machine: skopeo downloads and verifies, but does not unpack.
        if (Skopeo.Available)
        {
            var skopeo = new List<double>();
            for (var run = 0; run < 3; run++)
            {
                var target = work.Sub($"skopeo-{run}");
                var watch = Stopwatch.StartNew();
                await Skopeo.CopyAsync($"docker://{reference}", $"oci:{target}:x");
                skopeo.Add(blobBytes / 1e6 / watch.Elapsed.TotalSeconds);
                Directory.Delete(target, recursive: true);
            }
            skopeo.Sort();
            output.Metric("engine.pull_skopeo_reference_mb_per_sec", skopeo[1], "MB/s");
        }
    }

    private static byte[] RandomLayer(int index)
    {
        var content = new byte[LayerBytes];
        Random.Shared.NextBytes(content);
        return new LayerTarBuilder().Dir("data/").File($"data/blob{index}", content).Build();
    }

    private static async Task LoadAsync(ImageStore store, TestImage image, TempDirectory work, string reference, CancellationToken cancellationToken)
    {
        var layout = work.Sub("layout");
        image.WriteOciLayout(layout, "1");
        var index = Path.Combine(layout, "index.json");
        await File.WriteAllTextAsync(index, (await File.ReadAllTextAsync(index, cancellationToken))
            .Replace("\"org.opencontainers.image.ref.name\":\"1\"", $"\"org.opencontainers.image.ref.name\":\"{reference}\"", StringComparison.Ordinal), cancellationToken);
        var tar = work.Sub("layout.tar");
        await TarFile.CreateFromDirectoryAsync(layout, tar, includeBaseDirectory: false, cancellationToken);
        await using var file = File.OpenRead(tar);
        await new ImageArchive(store).LoadAsync(file, cancellationToken);
    }
}
