using System.Text.RegularExpressions;
using Swarm.Api.Errors;

namespace Swarm.Engine.Images;

/// <summary>
/// A parsed image reference, normalised as Docker does: `busybox` is `docker.io/library/busybox:latest`; the first
/// component is a registry only if it has a `.` or `:` or is `localhost`; a digest wins over a tag for pulling.
/// </summary>
public sealed partial record ImageReference(string Registry, string Repository, string? Tag, Digest? Digest)
{
    public const string DockerHub = "docker.io";

    public static ImageReference Parse(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var rest = reference.Trim();
        if (rest.Length == 0 || rest.Length > 512)
            throw Invalid(reference, "empty or too long");

        Digest? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!Images.Digest.TryParse(rest[(at + 1)..], out var d))
                throw Invalid(reference, "bad digest");
            digest = d;
            rest = rest[..at];
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
                throw Invalid(reference, $"bad tag \"{tag}\"");
        }

        var registry = DockerHub;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var first = rest[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                registry = first;
                rest = rest[(slash + 1)..];
            }
        }
        if (registry is "index.docker.io" or "registry-1.docker.io")
            registry = DockerHub;
        if (registry == DockerHub && !rest.Contains('/', StringComparison.Ordinal))
            rest = "library/" + rest;
        if (!RepositoryPattern().IsMatch(rest))
            throw Invalid(reference, $"bad repository name \"{rest}\" (lowercase letters, digits and separators only)");
        if (tag is null && digest is null)
            tag = "latest";
        return new ImageReference(registry, rest, tag, digest);
    }

    public static bool TryParse(string reference, out ImageReference? parsed)
    {
        try
        {
            parsed = Parse(reference);
            return true;
        }
        catch (InvalidSpecException)
        {
            parsed = null;
            return false;
        }
    }

    /// <summary>`docker.io/library/busybox`.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>`busybox:latest` for Docker Hub's library, the full name elsewhere (what `docker images` shows).</summary>
    public string FamiliarName
    {
        get
        {
            if (Registry != DockerHub)
                return Name;
            return Repository.StartsWith("library/", StringComparison.Ordinal) ? Repository[8..] : Repository;
        }
    }

    /// <summary>`busybox:latest` or `busybox@sha256:…` in the short form Docker shows.</summary>
    public string FamiliarString => Digest is { } d && Tag is null ? $"{FamiliarName}@{d}" : $"{FamiliarName}:{Tag}";

    public ImageReference WithTag(string tag) => this with { Tag = tag, Digest = null };

    public ImageReference WithDigest(Digest digest) => this with { Tag = null, Digest = digest };

    /// <summary>The tag or digest a registry's manifest endpoint takes; a digest wins.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? "latest";

    public override string ToString()
        => Name + (Tag is null ? "" : ":" + Tag) + (Digest is { } d ? "@" + d : "");

    private static InvalidSpecException Invalid(string reference, string why)
        => new($"invalid reference format \"{reference}\": {why}");

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();
}
