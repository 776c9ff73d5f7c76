using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Swarm.Api.Errors;

namespace Swarm.Engine.Volumes;

/// <summary>
/// Docker's `local` volume driver: <c>&lt;root&gt;/&lt;name&gt;/_data</c> is what containers mount, and
/// <c>volume.json</c> beside it keeps the labels and creation time. Stateless over the directory, so the Engine API
/// and the executor may each hold one. Creating a name that exists returns it (as Docker does).
/// </summary>
public sealed partial class VolumeStore(string root)
{
    private const string DataDir = "_data";
    private const string MetadataFile = "volume.json";

    public string Root { get; } = root;

    /// <summary>Creates the volume (a random anonymous one without a name), or returns the existing one.</summary>
    public Volume Create(string? name, IReadOnlyDictionary<string, string>? labels = null)
    {
        var anonymous = string.IsNullOrEmpty(name);
        name = anonymous ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) : name!;
        Validate(name);
        if (TryGet(name) is { } existing)
            return existing;
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.Combine(dir, DataDir));
        var volume = new Volume(name, Path.Combine(dir, DataDir), DateTimeOffset.UtcNow, labels ?? new Dictionary<string, string>(), anonymous);
        var temp = Path.Combine(dir, MetadataFile + ".tmp");
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(new Metadata(volume.CreatedAt, volume.Labels, anonymous)));
        File.Move(temp, Path.Combine(dir, MetadataFile), overwrite: true);
        return volume;
    }

    public Volume Get(string name) => TryGet(name) ?? throw new NotFoundException($"get {name}: no such volume");

    public Volume? TryGet(string name)
    {
        if (!ValidName().IsMatch(name))
            return null;
        var dir = Path.Combine(Root, name);
        if (!Directory.Exists(Path.Combine(dir, DataDir)))
            return null;
        var metadata = ReadMetadata(dir);
        return new Volume(name, Path.Combine(dir, DataDir), metadata.CreatedAt, metadata.Labels, metadata.Anonymous);
    }

    public IReadOnlyList<Volume> List()
        => Directory.Exists(Root)
            ? [.. Directory.EnumerateDirectories(Root).Select(d => TryGet(Path.GetFileName(d))).OfType<Volume>().OrderBy(v => v.Name, StringComparer.Ordinal)]
            : [];

    /// <summary>Deletes the volume and its data; <paramref name="users"/> are the containers that mount it (refused if any).</summary>
    public void Remove(string name, IReadOnlyList<string> users)
    {
        var volume = Get(name);
        if (users.Count > 0)
            throw new VolumeInUseException(name, users);
        Directory.Delete(Path.GetDirectoryName(volume.Mountpoint)!, recursive: true);
    }

    /// <summary>
    /// Anonymous volumes for the image's declared VOLUME paths that no other mount covers, as Docker makes them
    /// (a database image's data directory then survives the container's writable layer).
    /// </summary>
    public IReadOnlyList<Runtime.MountSpec> WithImageVolumes(IReadOnlyList<Runtime.MountSpec> mounts, IReadOnlyDictionary<string, Images.EmptyObject>? declared)
    {
        var all = mounts.ToList();
        var taken = mounts.Select(m => m.Target.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);
        foreach (var path in (declared ?? new Dictionary<string, Images.EmptyObject>()).Keys.Where(p => p.StartsWith('/')).Order(StringComparer.Ordinal))
        {
            if (taken.Add(path.TrimEnd('/')))
                all.Add(new Runtime.MountSpec(Runtime.MountKind.Volume, Create(null).Mountpoint, path));
        }

        return all;
    }

    /// <summary>Docker's rule: at least two characters of [a-zA-Z0-9_.-], starting with a letter or digit.</summary>
    public static void Validate(string name)
    {
        if (!ValidName().IsMatch(name))
            throw new InvalidSpecException($"create {name}: \"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed");
    }

    private static Metadata ReadMetadata(string dir)
    {
        try
        {
            return JsonSerializer.Deserialize<Metadata>(File.ReadAllBytes(Path.Combine(dir, MetadataFile))) ?? Fallback(dir);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return Fallback(dir); // made by hand, or torn: the directory is still the volume
        }
    }

    private static Metadata Fallback(string dir) => new(Directory.GetCreationTimeUtc(dir), new Dictionary<string, string>(), false);

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();

    private sealed record Metadata(DateTimeOffset CreatedAt, IReadOnlyDictionary<string, string> Labels, bool Anonymous);
}
