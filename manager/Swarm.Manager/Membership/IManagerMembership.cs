namespace Swarm.Manager.Membership;

/// <summary>
/// The managers' Raft membership as the role manager needs it; the daemon implements it over the Raft node. Members
/// are named by their Raft address (host:port), which the store keeps in <c>Node.ManagerStatus.RaftAddr</c>.
/// </summary>
public interface IManagerMembership
{
    /// <summary>This manager's own Raft address.</summary>
    string Self { get; }

    IReadOnlyList<string> Members { get; }

    /// <summary>Adds a member whose Raft node already runs, not bootstrapped (leader only; one change at a time).</summary>
    Task AddAsync(string raftAddress, CancellationToken cancellationToken);

    /// <summary>Removes a member (leader only; one change at a time).</summary>
    Task RemoveAsync(string raftAddress, CancellationToken cancellationToken);

    /// <summary>Steps down as leader, so another manager can remove this one.</summary>
    Task ResignAsync(CancellationToken cancellationToken);
}
