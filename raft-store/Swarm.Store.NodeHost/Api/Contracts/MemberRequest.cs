namespace Swarm.Store.NodeHost.Api.Contracts;

/// <summary>POST /members: the Raft address ("127.0.0.1:PORT") of a running, empty node to add.</summary>
public sealed record MemberRequest(string Address);
