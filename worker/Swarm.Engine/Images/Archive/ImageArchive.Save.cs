using System.Formats.Tar;
using System.Text.Json.Nodes;
using Swarm.Engine.Images.Json;

namespace Swarm.Engine.Images.Archive;

// Save: one tar that is both a docker-save archive (manifest.json) and an OCI image layout (index.json, blobs/).
public sealed partial class ImageArchive
{
    public async Task SaveAsync(IEnumerable<string> references, Stream output, CancellationToken cancellationToken)
    {
        var saveEntries = new JsonArray();
        var indexEntries = new JsonArray();
        var written = new HashSet<Digest>();
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await WriteDirAsync(writer, "blobs/", cancellationToken);
        await WriteDirAsync(writer, "blobs/sha256/", cancellationToken);
        foreach (var reference in references)
        {
            var image = await store.ResolveAsync(reference, cancellationToken);
            var (bytes, mediaType, manifestDigest) = await store.ManifestOfAsync(image.Id, cancellationToken);
            var manifest = ImageJson.Parse<ManifestDocument>(bytes, "manifest");
            var layers = (manifest.Layers ?? []).Select(l => Digest.Parse(l.Digest)).ToList();
            foreach (var blob in layers.Append(image.Id).Append(manifestDigest))
                if (written.Add(blob))
                    await WriteBlobAsync(writer, blob, cancellationToken);

            // A name given by the caller is saved as that name; an id saves all of the image's tags.
            var tags = ImageReference.TryParse(reference, out var parsed) && parsed!.Tag is not null && image.RepoTags.Contains(parsed.FamiliarString)
                ? [parsed.FamiliarString]
                : image.RepoTags.ToList();
            saveEntries.Add(new JsonObject
            {
                ["Config"] = BlobPath(image.Id.ToString()),
                ["RepoTags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray()),
                ["Layers"] = new JsonArray(layers.Select(l => (JsonNode?)BlobPath(l.ToString())).ToArray()),
            });
            foreach (var tag in tags.DefaultIfEmpty(null))
            {
                var descriptor = new JsonObject { ["mediaType"] = mediaType, ["digest"] = manifestDigest.ToString(), ["size"] = bytes.Length };
                if (tag is not null)
                {
                    var name = ImageReference.Parse(tag);
                    descriptor["annotations"] = new JsonObject
                    {
                        [ContainerdNameAnnotation] = name.ToString(),
                        [OciRefNameAnnotation] = name.Tag,
                    };
                }
                indexEntries.Add(descriptor);
            }
        }
        await WriteFileAsync(writer, OciLayoutFile, "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray(), cancellationToken);
        await WriteFileAsync(writer, OciIndexFile, System.Text.Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciIndex,
            ["manifests"] = indexEntries,
        }.ToJsonString()), cancellationToken);
        await WriteFileAsync(writer, DockerManifestFile, System.Text.Encoding.UTF8.GetBytes(saveEntries.ToJsonString()), cancellationToken);
    }

    private async Task WriteBlobAsync(TarWriter writer, Digest blob, CancellationToken cancellationToken)
    {
        await using var data = store.Content.OpenRead(blob);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, BlobPath(blob.ToString()))
        {
            Mode = (UnixFileMode)0x1a4, ModificationTime = DateTimeOffset.UnixEpoch, DataStream = data,
        };
        await writer.WriteEntryAsync(entry, cancellationToken);
    }

    private static async Task WriteFileAsync(TarWriter writer, string name, byte[] content, CancellationToken cancellationToken)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = (UnixFileMode)0x1a4, ModificationTime = DateTimeOffset.UnixEpoch, DataStream = new MemoryStream(content),
        };
        await writer.WriteEntryAsync(entry, cancellationToken);
    }

    private static Task WriteDirAsync(TarWriter writer, string name, CancellationToken cancellationToken)
        => writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name)
        {
            Mode = (UnixFileMode)0x1ed, ModificationTime = DateTimeOffset.UnixEpoch,
        }, cancellationToken);
}
