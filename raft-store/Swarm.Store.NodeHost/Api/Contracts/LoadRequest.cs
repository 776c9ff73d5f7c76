namespace Swarm.Store.NodeHost.Api.Contracts;

/// <summary>POST /load: <paramref name="Writers"/> concurrent loops creating configs of <paramref name="Size"/> bytes.</summary>
public sealed record LoadRequest(int Writers, double Seconds, int Size);
