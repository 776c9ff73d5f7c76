namespace Swarm.Store.NodeHost.Api.Contracts;

/// <summary>One item of GET /configs.</summary>
public sealed record ConfigSummary(string Id, string Name, ulong Version);
