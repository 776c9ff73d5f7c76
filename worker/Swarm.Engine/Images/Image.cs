namespace Swarm.Engine.Images;

/// <summary>
/// One image in the store. <see cref="Id"/> is the config digest (as Docker's image id). <see cref="LayerDirs"/> are
/// the unpacked layers' directories in overlayfs lowerdir order, TOP FIRST; they are short paths on purpose (the
/// mount option string is limited to one page). <see cref="Size"/> is the unpacked size of the layers' files.
/// </summary>
public sealed record Image(
    Digest Id,
    IReadOnlyList<string> RepoTags,
    IReadOnlyList<string> RepoDigests,
    ImageConfig Config,
    IReadOnlyList<Digest> DiffIds,
    IReadOnlyList<string> LayerDirs,
    Digest ManifestDigest,
    DateTimeOffset? Created,
    string Os,
    string Architecture,
    long Size);
