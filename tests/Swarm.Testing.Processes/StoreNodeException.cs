using System.Net;

namespace Swarm.Testing.Processes;

/// <summary>The node answered with an error: its status code, message and, on 503, the leader it named.</summary>
public sealed class StoreNodeException(HttpStatusCode statusCode, string message, string? leader)
    : Exception($"{(int)statusCode}: {message}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>The Raft address of the leader, when a node that is not the leader knows it.</summary>
    public string? Leader { get; } = leader;

    public bool IsNotLeader => StatusCode == HttpStatusCode.ServiceUnavailable;
}
