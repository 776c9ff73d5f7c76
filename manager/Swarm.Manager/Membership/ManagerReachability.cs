using Swarm.Api.Objects;
using Swarm.Store.Transactions;

namespace Swarm.Manager.Membership;

/// <summary>How many Raft members could vote right now, for refusing a removal that would cost the quorum.</summary>
public static class ManagerReachability
{
    /// <summary>
    /// Members, and how many of them are reachable: this manager is; another is when its node is READY. A member
    /// with no node in the store counts as unreachable, so the check errs on the side of keeping quorum.
    /// </summary>
    public static (int Members, int Reachable) Count(ReadTransaction snapshot, IManagerMembership membership)
    {
        var byAddress = snapshot.Nodes.All()
            .Where(n => !string.IsNullOrEmpty(n.ManagerStatus?.RaftAddr))
            .GroupBy(n => n.ManagerStatus!.RaftAddr, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var members = membership.Members;
        var reachable = members.Count(m =>
            string.Equals(m, membership.Self, StringComparison.OrdinalIgnoreCase)
            || (byAddress.TryGetValue(m, out var n) && IsReachable(n)));
        return (members.Count, reachable);
    }

    public static bool IsReachable(Node node) => node.Status.State == NodeState.Ready;
}
