namespace Swarm.Engine.Volumes;

/// <summary>A named local volume: a directory under the engine's root that outlives the containers using it.</summary>
public sealed record Volume(string Name, string Mountpoint, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, string> Labels, bool Anonymous);
