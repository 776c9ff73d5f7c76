using System.Net;
using Swarm.Manager.Membership;
using Swarm.Store.Raft;

namespace Swarm.Cli.Daemon.Cluster;

/// <summary>The managers' Raft membership for the role manager and the membership service, over this node's Raft node.</summary>
internal sealed class RaftManagerMembership(RaftNode raft) : IManagerMembership
{
    public string Self => raft.Address.ToString();

    public IReadOnlyList<string> Members => raft.Members.Select(m => m.ToString()!).ToList();

    public Task AddAsync(string raftAddress, CancellationToken cancellationToken)
        => raft.AddMemberAsync(IPEndPoint.Parse(raftAddress), cancellationToken);

    public Task RemoveAsync(string raftAddress, CancellationToken cancellationToken)
        => raft.RemoveMemberAsync(IPEndPoint.Parse(raftAddress), cancellationToken);

    public Task ResignAsync(CancellationToken cancellationToken) => raft.ResignAsync(cancellationToken);
}
