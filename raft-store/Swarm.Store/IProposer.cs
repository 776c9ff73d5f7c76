namespace Swarm.Store;

/// <summary>
/// How the store gets a transaction committed. The Raft adapter implements it; it sees opaque bytes only and
/// must hand every committed transaction, in commit order, to <see cref="IReplicatedState.Apply"/> on every node.
/// </summary>
public interface IProposer
{
    /// <summary>
    /// Returns once the transaction is committed and applied on this node. Throws
    /// <see cref="Swarm.Api.Errors.NotLeaderException"/> when this node cannot commit. The bytes are the caller's
    /// (a pooled buffer, reused once the call has succeeded): a proposer that keeps them must copy them.
    /// </summary>
    ValueTask ProposeAsync(ReadOnlyMemory<byte> transaction, CancellationToken cancellationToken);

    /// <summary>Returns once this node has applied everything committed before the call (linearizable read).</summary>
    ValueTask ReadBarrierAsync(CancellationToken cancellationToken);
}
