using Swarm.Api.Errors;
using Swarm.Store;
using Swarm.Store.Raft;

namespace Swarm.Cli.Daemon.Cluster;

/// <summary>
/// The daemon's one store commits through whichever Raft node this node runs now: none while it is no manager
/// (every write is then refused as by a follower that knows no leader), a new one after init, join or promotion.
/// </summary>
internal sealed class CurrentRaft : IProposer, ILeadership
{
    private volatile RaftNode? node;

    public RaftNode? Node
    {
        get => node;
        set => node = value;
    }

    public bool IsLeader => node?.IsLeader ?? false;

    public string? LeaderAddress => node?.LeaderAddress;

    public ValueTask ProposeAsync(ReadOnlyMemory<byte> transaction, CancellationToken cancellationToken)
        => node is { } raft ? raft.ProposeAsync(transaction, cancellationToken) : throw new NotLeaderException(null);

    public ValueTask ReadBarrierAsync(CancellationToken cancellationToken)
        => node is { } raft ? raft.ReadBarrierAsync(cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (node is { } raft)
                return await raft.WaitForLeadershipAsync(cancellationToken);
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
