namespace Swarm.Engine.Images.Archive;

/// <summary>A layer blob already in the content store, as a manifest will describe it.</summary>
internal sealed record LayerBlob(Digest Digest, long Size, string MediaType);
