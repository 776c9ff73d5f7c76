namespace Swarm.Store;

/// <summary>Who leads the store's cluster. Leader-only loops run under the token this hands out.</summary>
public interface ILeadership
{
    bool IsLeader { get; }

    /// <summary>The leader's Raft address (host:port), or null while there is none.</summary>
    string? LeaderAddress { get; }

    /// <summary>Waits until this node leads; the token is cancelled the moment it stops leading.</summary>
    ValueTask<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken);
}
