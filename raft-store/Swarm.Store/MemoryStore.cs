using System.Collections.Concurrent;
using Swarm.Api.Errors;
using Swarm.Store.Codec;
using Swarm.Store.Tables;
using Swarm.Store.Transactions;
using Swarm.Store.Watch;

namespace Swarm.Store;

/// <summary>
/// The cluster state: typed tables read from immutable snapshots, written by optimistic transactions committed
/// through an <see cref="IProposer"/> (Raft in a cluster; none in tests, where commits apply at once).
/// A transaction's preconditions are checked when it is built and again, identically on every node, when it is
/// applied; so many writers can be in flight and all nodes still agree.
/// </summary>
public sealed partial class MemoryStore
{
    private readonly IProposer? proposer;
    private readonly TimeProvider time;
    private readonly StoreLimits limits;
    private readonly WatchHub watchers = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<ulong>> waiting = new();
    private readonly Lock applyLock = new();
    private StoreState root = StoreState.Empty;

    public MemoryStore(IProposer? proposer = null, TimeProvider? time = null, StoreLimits? limits = null)
    {
        this.proposer = proposer;
        this.time = time ?? TimeProvider.System;
        this.limits = limits ?? new StoreLimits();
    }

    /// <summary>The version of the last applied transaction.</summary>
    public ulong Version => Volatile.Read(ref root).Version;

    /// <summary>A consistent, immutable view of the store as it is now.</summary>
    public ReadTransaction Snapshot() => new(Volatile.Read(ref root));

    public T View<T>(Func<ReadTransaction, T> read) => read(Snapshot());

    /// <summary>Runs <paramref name="update"/> and commits its changes, all or nothing.</summary>
    public async Task<T> UpdateAsync<T>(Func<WriteTransaction, T> update, CancellationToken cancellationToken = default)
    {
        var tx = BeginWrite();
        var result = update(tx);
        await CommitAsync(tx, cancellationToken);
        return result;
    }

    public Task UpdateAsync(Action<WriteTransaction> update, CancellationToken cancellationToken = default)
        => UpdateAsync<object?>(tx => { update(tx); return null; }, cancellationToken);

    /// <summary>Applies many updates, committing them in bounded transactions; returns how many transactions.</summary>
    public Task<int> BatchAsync(Func<Batch, Task> fill, CancellationToken cancellationToken = default)
        => BatchAsync(fill, maxInFlight: 1, cancellationToken);

    /// <summary>
    /// As <see cref="BatchAsync(Func{Batch, Task}, CancellationToken)"/>, with up to <paramref name="maxInFlight"/>
    /// transactions committing at once: only for updates that touch disjoint objects (see <see cref="Batch"/>).
    /// </summary>
    public async Task<int> BatchAsync(Func<Batch, Task> fill, int maxInFlight, CancellationToken cancellationToken = default)
    {
        var batch = new Batch(this, limits, maxInFlight, cancellationToken);
        try
        {
            await fill(batch);
        }
        catch
        {
            // Callbacks that succeeded are kept whether or not their transaction was flushed yet.
            await batch.CompleteAsync();
            throw;
        }
        await batch.CompleteAsync();
        return batch.Committed;
    }

    /// <summary>Waits until this node has applied everything committed before the call.</summary>
    public ValueTask ReadBarrierAsync(CancellationToken cancellationToken = default)
        => proposer?.ReadBarrierAsync(cancellationToken) ?? ValueTask.CompletedTask;

    /// <summary>A snapshot and every event committed after it, in order.</summary>
    public StoreWatch ViewAndWatch(Func<StoreEvent, bool>? filter = null)
    {
        lock (applyLock)
        {
            var watch = new StoreWatch(Snapshot(), filter, limits.MaxPendingWatchEvents, watchers.Remove);
            watchers.Add(watch);
            return watch;
        }
    }

    internal WriteTransaction BeginWrite() => new(Volatile.Read(ref root), time.GetUtcNow());

    internal async Task CommitAsync(WriteTransaction tx, CancellationToken cancellationToken)
    {
        if (tx.Count == 0)
            return;
        if (tx.Count > limits.MaxChangesPerTransaction || tx.Size > limits.MaxTransactionBytes)
            throw new InvalidSpecException(
                $"transaction too large: {tx.Count} changes, {tx.Size} bytes (limits {limits.MaxChangesPerTransaction} changes, {limits.MaxTransactionBytes} bytes)");

        var id = TransactionIds.Next();
        var actions = tx.EncodedActions;
        var bytes = new PooledBufferWriter(StoreCodec.EncodedSizeHint(actions));
        StoreCodec.EncodeTransaction(id, tx.Timestamp, actions, bytes);
        var outcome = new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[id] = outcome;
        try
        {
            if (proposer is null)
                Apply(new System.Buffers.ReadOnlySequence<byte>(bytes.WrittenMemory));
            else
                await proposer.ProposeAsync(bytes.WrittenMemory, cancellationToken);
            // Only a proposal that went through is done with the bytes: one that failed or was cancelled may still
            // sit in the proposer's queue, so its buffer is left to the collector rather than reused under it.
            bytes.Dispose();
        }
        catch when (outcome.Task.IsCompleted)
        {
            // Applied here before the proposer gave up (e.g. leadership lost just after): the outcome stands.
        }
        finally
        {
            waiting.TryRemove(id, out _);
        }
        if (!outcome.Task.IsCompleted)
            throw new InvalidOperationException("the proposer returned before the transaction was applied on this node");
        await outcome.Task;
    }
}
