using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Store;
using Swarm.Store.Transactions;

namespace Swarm.Manager.Dispatching;

/// <summary>
/// The managers' dispatcher addresses, read from the store's manager nodes (ManagerStatus.Addr), and which one
/// leads: Raft names its leader by Raft address, which ManagerStatus.RaftAddr maps to a dispatcher address.
/// </summary>
public sealed class ManagerDirectory(ILeadership leadership)
{
    public IReadOnlyList<ManagerPeer> Managers(ReadTransaction snapshot)
    {
        var leaderRaft = leadership.LeaderAddress;
        return snapshot.Nodes.ByRole(NodeRole.Manager)
            .Where(n => n.ManagerStatus is { Addr.Length: > 0 })
            .OrderBy(n => n.Id, StringComparer.Ordinal)
            .Select(n => new ManagerPeer
            {
                NodeId = n.Id,
                Addr = n.ManagerStatus!.Addr,
                Leader = leaderRaft is not null && n.ManagerStatus.RaftAddr == leaderRaft,
            })
            .ToList();
    }

    /// <summary>host:port of the leader's dispatcher, or null while no leader (or its address) is known.</summary>
    public string? LeaderAddress(ReadTransaction snapshot) => Managers(snapshot).FirstOrDefault(m => m.Leader)?.Addr;
}
