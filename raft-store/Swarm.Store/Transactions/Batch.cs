namespace Swarm.Store.Transactions;

/// <summary>
/// Many small updates committed in as few bounded transactions as possible. Each <see cref="UpdateAsync"/> is
/// atomic on its own; the batch as a whole is not. Changes of a failed callback are dropped, the rest go on.
/// </summary>
public sealed class Batch
{
    private readonly MemoryStore store;
    private readonly StoreLimits limits;
    private readonly CancellationToken cancellationToken;
    private WriteTransaction? tx;

    internal Batch(MemoryStore store, StoreLimits limits, CancellationToken cancellationToken)
    {
        this.store = store;
        this.limits = limits;
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

    internal async Task FlushAsync()
    {
        if (tx is { Count: > 0 } pending)
        {
            tx = null;
            await store.CommitAsync(pending, cancellationToken);
            Committed++;
        }
        tx = null;
    }
}
