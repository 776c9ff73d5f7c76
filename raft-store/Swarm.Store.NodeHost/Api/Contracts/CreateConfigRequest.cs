namespace Swarm.Store.NodeHost.Api.Contracts;

/// <summary>POST /configs: a Config named <paramref name="Name"/> holding <paramref name="Size"/> bytes.</summary>
public sealed record CreateConfigRequest(string Name, int Size);
