using Swarm.Api.Objects;

namespace Swarm.Store.Tables;

/// <summary>A secondary index: each object has at most one key in it (null = not indexed).</summary>
public sealed record IndexDefinition(string Name, Func<ISwarmObject, string?> KeyOf);
