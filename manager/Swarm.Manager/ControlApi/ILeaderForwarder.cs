namespace Swarm.Manager.ControlApi;

/// <summary>
/// Sends an API write that this manager could not commit (it is not the leader) to the leader, as it came.
/// The daemon implements it over the cluster's gRPC; returns null when no leader can be reached.
/// </summary>
public interface ILeaderForwarder
{
    Task<ForwardedResponse?> ForwardAsync(ForwardedRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// An API request as received: method, path with query (version prefix included), body, and the few headers the
/// API reads besides Content-Type (<see cref="Forwarding.ForwardingRules.CarriedHeaders"/>).
/// </summary>
public sealed record ForwardedRequest(
    string Method, string PathAndQuery, string? ContentType, ReadOnlyMemory<byte> Body,
    IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>The leader's answer, returned to the client unchanged.</summary>
public sealed record ForwardedResponse(int StatusCode, string? ContentType, ReadOnlyMemory<byte> Body);

/// <summary>Used when the daemon registers no forwarder: followers then answer 503.</summary>
internal sealed class NoLeaderForwarder : ILeaderForwarder
{
    public Task<ForwardedResponse?> ForwardAsync(ForwardedRequest request, CancellationToken cancellationToken)
        => Task.FromResult<ForwardedResponse?>(null);
}
