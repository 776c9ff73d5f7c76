namespace Swarm.Store.Transactions;

/// <summary>
/// Many small updates committed in as few bounded transactions as possible. Each <see cref="UpdateAsync"/> is
/// atomic on its own; the batch as a whole is not. Changes of a failed callback are dropped, the rest go on.
/// With more than one transaction allowed in flight, a full transaction is proposed while the next one fills, so
/// they share Raft rounds; that is only right when the updates touch disjoint objects, since a transaction then
/// reads state from before the ones still in flight (their preconditions are still checked when they apply).
/// </summary>
public sealed class Batch
{
    private readonly MemoryStore store;
    private readonly StoreLimits limits;
    private readonly CancellationToken cancellationToken;
    private readonly int maxInFlight;
    private readonly Queue<Task> inFlight = new();
    private WriteTransaction? tx;

    internal Batch(MemoryStore store, StoreLimits limits, int maxInFlight, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        this.store = store;
        this.limits = limits;
        this.maxInFlight = maxInFlight;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>Transactions committed so far.</summary>
    public int Committed { get; private set; }

    public async Task UpdateAsync(Action<WriteTransaction> update)
    {
        tx ??= store.BeginWrite();
        var savepoint = RunAtomically(tx, update);
        if (tx.Count > limits.MaxChangesPerTransaction || tx.Size > limits.MaxTransactionBytes)
        {
            // This callback pushed the transaction over: commit what came before it, then start again with it.
            tx.RollbackTo(savepoint);
            await FlushAsync();
            tx = store.BeginWrite();
            RunAtomically(tx, update);
        }
        if (tx.Count >= limits.MaxChangesPerTransaction)
            await FlushAsync();
    }

    /// <summary>Runs one callback; if it throws, its changes are undone. Returns the state from before it.</summary>
    private static WriteTransaction.Savepoint RunAtomically(WriteTransaction tx, Action<WriteTransaction> update)
    {
        var savepoint = tx.Save();
        try
        {
            update(tx);
        }
        catch
        {
            tx.RollbackTo(savepoint);
            throw;
        }
        return savepoint;
    }

    /// <summary>Proposes the filling transaction; waits while <c>maxInFlight</c> are already committing.</summary>
    internal async Task FlushAsync()
    {
        if (tx is { Count: > 0 } pending)
        {
            tx = null;
            inFlight.Enqueue(CommitAsync(pending));
            // One in flight (the default) waits for each commit, so the next transaction reads its changes.
            while (inFlight.Count >= maxInFlight)
                await inFlight.Dequeue();
        }
        tx = null;
    }

    /// <summary>Proposes what is left and waits for every transaction; the first failure is thrown.</summary>
    internal async Task CompleteAsync()
    {
        Exception? first = null;
        try
        {
            await FlushAsync();
        }
        catch (Exception error)
        {
            first = error;
        }
        while (inFlight.TryDequeue(out var commit))
        {
            try
            {
                await commit;
            }
            catch (Exception error)
            {
                first ??= error;
            }
        }
        if (first is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }

    private async Task CommitAsync(WriteTransaction pending)
    {
        await store.CommitAsync(pending, cancellationToken);
        Committed++;
    }
}
