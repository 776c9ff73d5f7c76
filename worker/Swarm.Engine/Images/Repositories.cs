using System.Text.Json;
using System.Text.Json.Serialization;

namespace Swarm.Engine.Images;

/// <summary>
/// The name → image table: `docker.io/library/busybox:latest` and `docker.io/library/busybox@sha256:…` map to an image
/// id. Persisted whole to `images/repositories.json` by temp file + rename after every change.
/// </summary>
internal sealed class Repositories
{
    private readonly string path;

    private Repositories(string path, Dictionary<string, string> refs)
    {
        this.path = path;
        Refs = refs;
    }

    /// <summary>Full reference string → image id (`sha256:…`).</summary>
    public Dictionary<string, string> Refs { get; }

    public static Repositories Load(string path)
    {
        if (!File.Exists(path))
            return new Repositories(path, new Dictionary<string, string>(StringComparer.Ordinal));
        var file = JsonSerializer.Deserialize<FileShape>(File.ReadAllBytes(path));
        return new Repositories(path, new Dictionary<string, string>(file?.Refs ?? [], StringComparer.Ordinal));
    }

    public IEnumerable<string> RefsOf(Digest imageId)
    {
        var id = imageId.ToString();
        return Refs.Where(r => r.Value == id).Select(r => r.Key).Order(StringComparer.Ordinal);
    }

    public void Save()
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(new FileShape { Refs = Refs }));
        File.Move(temp, path, overwrite: true);
    }

    private sealed record FileShape
    {
        [JsonPropertyName("refs")] public Dictionary<string, string>? Refs { get; init; }
    }
}
