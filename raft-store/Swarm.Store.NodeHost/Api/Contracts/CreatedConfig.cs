namespace Swarm.Store.NodeHost.Api.Contracts;

/// <summary>201 from POST /configs: the new config's id and the store version that committed it.</summary>
public sealed record CreatedConfig(string Id, ulong Version);
