using Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi;

/// <summary>Used when the host registers no membership service (tests of the cluster API alone).</summary>
internal sealed class NoSwarmMembership : ISwarmMembership
{
    private static ApiException Unsupported() => ApiException.Unavailable("this node cannot change its swarm membership");

    public Task<string> InitAsync(SwarmInitRequest request, CancellationToken cancellationToken) => throw Unsupported();

    public Task JoinAsync(SwarmJoinRequest request, CancellationToken cancellationToken) => throw Unsupported();

    public Task LeaveAsync(bool force, CancellationToken cancellationToken) => throw Unsupported();

    public Task<string> GetUnlockKeyAsync(CancellationToken cancellationToken) => throw Unsupported();

    public Task RotateUnlockKeyAsync(CancellationToken cancellationToken) => throw Unsupported();

    public Task UnlockAsync(string unlockKey, CancellationToken cancellationToken) => throw Unsupported();
}
