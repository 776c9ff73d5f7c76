using System.Net;

namespace Swarm.Store.Raft;

/// <summary>Who leads, and membership changes (leader only, one at a time).</summary>
public sealed partial class RaftNode : ILeadership
{
    public bool IsLeader => cluster is { } c && !c.LeadershipToken.IsCancellationRequested;

    public string? LeaderAddress => cluster?.Leader?.EndPoint.ToString();

    public async ValueTask<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken)
        => await Cluster.WaitForLeadershipAsync(cancellationToken);

    /// <summary>Waits until some leader is known (this node or another); null on timeout.</summary>
    public async Task<EndPoint?> WaitForLeaderAsync(TimeSpan timeout, CancellationToken cancellationToken)
        => (await Cluster.WaitForLeaderAsync(timeout, cancellationToken))?.EndPoint;

    /// <summary>Adds a member after catching it up; the new node must already be running with an empty log.</summary>
    public Task AddMemberAsync(EndPoint member, CancellationToken cancellationToken)
        => ChangeMembershipAsync("add", member, () => Cluster.AddMemberAsync(member, cancellationToken), cancellationToken);

    public Task RemoveMemberAsync(EndPoint member, CancellationToken cancellationToken)
        => ChangeMembershipAsync("remove", member, () => Cluster.RemoveMemberAsync(member, cancellationToken), cancellationToken);

    /// <summary>Steps down if this node leads (a leader about to be removed hands over first); false if it did not lead.</summary>
    public async Task<bool> ResignAsync(CancellationToken cancellationToken) => await ((DotNext.Net.Cluster.Consensus.Raft.IRaftCluster)Cluster).ResignAsync(cancellationToken);

    private async Task ChangeMembershipAsync(string verb, EndPoint member, Func<Task<bool>> change, CancellationToken cancellationToken)
    {
        await membershipChange.WaitAsync(cancellationToken);
        try
        {
            if (!IsLeader)
                throw new Swarm.Api.Errors.NotLeaderException(LeaderAddress);
            bool done;
            try
            {
                done = await change();
            }
            catch (DotNext.Net.Cluster.Consensus.Raft.NotLeaderException e)
            {
                throw new Swarm.Api.Errors.NotLeaderException(LeaderAddress, mayHaveCommitted: true, e);
            }
            if (!done)
                throw new InvalidOperationException($"could not {verb} raft member {member}: the change was not committed");
            LogMembershipChanged(verb, member);
        }
        finally
        {
            membershipChange.Release();
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "raft membership: {Verb} {Member}")]
    private partial void LogMembershipChanged(string verb, EndPoint member);
}
