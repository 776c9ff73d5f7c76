namespace Swarm.Engine.Images;

/// <summary>What a remove did, in the terms of Docker's `DELETE /images/{name}` response.</summary>
public sealed record ImageDeleteResult(IReadOnlyList<string> Untagged, IReadOnlyList<Digest> Deleted);

/// <summary>What garbage collection freed.</summary>
public sealed record GarbageCollectResult(int BlobsRemoved, int LayersRemoved, long BytesFreed);
