using Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi;

/// <summary>
/// Joining and leaving a swarm: Raft membership, certificates and the node's own state live outside the manager,
/// so the daemon implements this. Errors are <see cref="Swarm.Api.Errors.SwarmException"/>s as usual.
/// </summary>
public interface ISwarmMembership
{
    /// <summary>Makes this node the first manager of a new swarm; returns its node id.</summary>
    Task<string> InitAsync(SwarmInitRequest request, CancellationToken cancellationToken);

    Task JoinAsync(SwarmJoinRequest request, CancellationToken cancellationToken);

    Task LeaveAsync(bool force, CancellationToken cancellationToken);

    /// <summary>The key that unlocks an autolocked manager ("" when autolock is off).</summary>
    Task<string> GetUnlockKeyAsync(CancellationToken cancellationToken);

    /// <summary>Makes a new unlock key (<c>swarm update --rotate-manager-unlock-key</c>).</summary>
    Task RotateUnlockKeyAsync(CancellationToken cancellationToken);

    Task UnlockAsync(string unlockKey, CancellationToken cancellationToken);
}
