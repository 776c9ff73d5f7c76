using DotNext.Net.Cluster.Consensus.Raft;
using Swarm.Store.Raft.Log;
using NotLeader = Swarm.Api.Errors.NotLeaderException;

namespace Swarm.Store.Raft;

/// <summary>Committing store transactions and linearizable reads.</summary>
public sealed partial class RaftNode : IProposer
{
    public async ValueTask ProposeAsync(ReadOnlyMemory<byte> transaction, CancellationToken cancellationToken)
    {
        if (Cluster.LeadershipToken.IsCancellationRequested)
            throw new NotLeader(LeaderAddress);
        var pending = batcher ?? throw new NotLeader(LeaderAddress);
        await pending.SubmitAsync(transaction, cancellationToken);
    }

    public async ValueTask ReadBarrierAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A node that just started or joined may not have heard from the leader yet: give it an election's time.
                if (Cluster.Leader is null)
                    await Cluster.WaitForLeaderAsync(options.UpperElectionTimeout * 4, cancellationToken);
                await Cluster.ApplyReadBarrierAsync(cancellationToken);
                return;
            }
            catch (DotNext.Net.Cluster.MemberUnavailableException) when (attempt < ReadBarrierAttempts && !cancellationToken.IsCancellationRequested)
            {
                // A follower's barrier asks the leader over the network with the Raft request timeout; a leader busy
                // with a burst of writes can miss it once. Asking again is safe: a barrier changes nothing.
            }
            catch (Exception e) when (e is QuorumUnreachableException or DotNext.Net.Cluster.Consensus.Raft.NotLeaderException
                or DotNext.Net.Cluster.MemberUnavailableException)
            {
                throw new NotLeader(LeaderAddress, inner: e);
            }
        }
    }

    private const int ReadBarrierAttempts = 3;

    private async ValueTask ReplicateAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var token = Cluster.LeadershipToken;
        if (token.IsCancellationRequested)
            throw new NotLeader(LeaderAddress);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, cancellationToken);
        await Cluster.ReplicateAsync(new BatchEntry(payload, Term), linked.Token);
    }

    /// <summary>Replication failures become "not the leader": the caller retries on the leader.</summary>
    private Exception Translate(Exception error) => error switch
    {
        NotLeader => error,
        DotNext.Net.Cluster.Consensus.Raft.NotLeaderException or QuorumUnreachableException or OperationCanceledException
            => new NotLeader(LeaderAddress, mayHaveCommitted: true, error),
        _ => error,
    };
}
