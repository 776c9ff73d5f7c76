using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Swarm.Testing.Images;

/// <summary>
/// A complete OCI image made in memory (gzip layers, config, manifest) that can be written as an OCI image layout
/// directory, so `skopeo copy oci:DIR:TAG docker://…` can put it in a registry independently of our own client.
/// </summary>
public sealed class TestImage
{
    private readonly Dictionary<string, byte[]> blobs = new(StringComparer.Ordinal);

    public TestImage(IReadOnlyList<byte[]> layerTars, string[]? cmd = null, string[]? env = null, bool gzip = true)
    {
        var diffIds = layerTars.Select(LayerTarBuilder.Sha256).ToArray();
        var layers = new JsonArray();
        foreach (var tar in layerTars)
        {
            var blob = gzip ? LayerTarBuilder.Gzip(tar) : tar;
            layers.Add(Descriptor(gzip ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar", Add(blob), blob.Length));
        }
        var config = new JsonObject
        {
            ["created"] = "2024-01-01T00:00:00Z",
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject
            {
                ["Env"] = ToArray(env ?? ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]),
                ["Cmd"] = ToArray(cmd ?? ["sh"]),
                ["WorkingDir"] = "/",
                ["Labels"] = new JsonObject { ["org.example.test"] = "yes" },
            },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = ToArray(diffIds) },
        };
        ConfigBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        ConfigDigest = Add(ConfigBytes);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", ConfigDigest, ConfigBytes.Length),
            ["layers"] = layers,
        };
        ManifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        ManifestDigest = Add(ManifestBytes);
        DiffIds = diffIds;
    }

    public byte[] ConfigBytes { get; }
    public string ConfigDigest { get; }
    public byte[] ManifestBytes { get; }
    public string ManifestDigest { get; }
    public IReadOnlyList<string> DiffIds { get; }
    public IReadOnlyDictionary<string, byte[]> Blobs => blobs;

    /// <summary>Writes an OCI image layout (oci-layout, index.json, blobs/sha256/*) with one tagged manifest.</summary>
    public void WriteOciLayout(string dir, string tag)
    {
        Directory.CreateDirectory(Path.Combine(dir, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(dir, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        foreach (var (digest, bytes) in blobs)
            File.WriteAllBytes(Path.Combine(dir, "blobs", "sha256", digest[7..]), bytes);
        var manifest = Descriptor("application/vnd.oci.image.manifest.v1+json", ManifestDigest, ManifestBytes.Length);
        manifest["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag };
        var index = new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(manifest) };
        File.WriteAllText(Path.Combine(dir, "index.json"), index.ToJsonString());
    }

    private string Add(byte[] bytes)
    {
        var digest = LayerTarBuilder.Sha256(bytes);
        blobs[digest] = bytes;
        return digest;
    }

    private static JsonObject Descriptor(string mediaType, string digest, long size)
        => new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    private static JsonArray ToArray(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    public override string ToString() => JsonSerializer.Serialize(new { ConfigDigest, ManifestDigest });
}
