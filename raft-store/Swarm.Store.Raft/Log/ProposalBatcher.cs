using System.Threading.Channels;

namespace Swarm.Store.Raft.Log;

/// <summary>
/// Group commit: transactions proposed while earlier entries are replicating are packed into one Raft entry.
/// A bounded number of entries are in flight at once. When one completes, its writers come straight back with their
/// next transactions; the batcher waits briefly (at most <see cref="GatherWindow"/>) for as many proposals as that
/// entry carried before it cuts the next one, so each round carries every ready writer rather than half of them.
/// </summary>
internal sealed class ProposalBatcher : IAsyncDisposable
{
    public static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(1);

    private readonly Channel<Proposal> queue = Channel.CreateUnbounded<Proposal>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<byte[], CancellationToken, ValueTask> replicate;
    private readonly Func<Exception, Exception> translate;
    private readonly SemaphoreSlim slots;
    private readonly int maxBatchBytes;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task pump;
    private readonly Lock gatherLock = new();
    private Proposal? carried;
    private int queued;
    private int lastCompleted;
    private (int Target, TaskCompletionSource Reached)? gathering;

    public ProposalBatcher(
        Func<byte[], CancellationToken, ValueTask> replicate, Func<Exception, Exception> translate, int maxInflight, int maxBatchBytes)
    {
        this.replicate = replicate;
        this.translate = translate;
        this.maxBatchBytes = maxBatchBytes;
        slots = new SemaphoreSlim(maxInflight, maxInflight);
        pump = Task.Run(PumpAsync);
    }

    public Task SubmitAsync(ReadOnlyMemory<byte> transaction, CancellationToken cancellationToken)
    {
        var proposal = new Proposal(transaction);
        if (!queue.Writer.TryWrite(proposal))
            throw new ObjectDisposedException(nameof(ProposalBatcher));
        var count = Interlocked.Increment(ref queued);
        lock (gatherLock)
        {
            if (gathering is { } g && count >= g.Target)
                g.Reached.TrySetResult();
        }
        return proposal.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task PumpAsync()
    {
        var token = stopping.Token;
        try
        {
            while (carried is not null || await queue.Reader.WaitToReadAsync(token))
            {
                await slots.WaitAsync(token);
                await GatherAsync(token);
                var batch = Drain();
                _ = Task.Run(() => ReplicateAsync(batch, token), CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        FailPending(new ObjectDisposedException(nameof(ProposalBatcher)));
    }

    /// <summary>Waits, within the gather window, until the writers of the last completed entry have come back.</summary>
    private async Task GatherAsync(CancellationToken token)
    {
        var target = Volatile.Read(ref lastCompleted);
        if (Volatile.Read(ref queued) >= target)
            return;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gatherLock)
            gathering = (target, reached);
        try
        {
            if (Volatile.Read(ref queued) < target)
                await reached.Task.WaitAsync(GatherWindow, token);
        }
        catch (TimeoutException)
        {
            // Fewer writers came back than last time: go with those that did.
        }
        finally
        {
            lock (gatherLock)
                gathering = null;
        }
    }

    private List<Proposal> Drain()
    {
        var batch = new List<Proposal>();
        var bytes = 0;
        if (carried is { } first)
        {
            batch.Add(first);
            bytes += first.Transaction.Length;
            carried = null;
        }
        while (queue.Reader.TryRead(out var next))
        {
            Interlocked.Decrement(ref queued);
            if (batch.Count > 0 && bytes + next.Transaction.Length > maxBatchBytes)
            {
                carried = next; // starts the next entry
                break;
            }
            batch.Add(next);
            bytes += next.Transaction.Length;
        }
        return batch;
    }

    private async Task ReplicateAsync(List<Proposal> batch, CancellationToken token)
    {
        try
        {
            await replicate(BatchCodec.Encode(batch.Select(p => p.Transaction).ToList()), token);
            foreach (var p in batch)
                p.Done.TrySetResult();
        }
        catch (Exception e)
        {
            var error = translate(e);
            foreach (var p in batch)
                p.Done.TrySetException(error);
        }
        finally
        {
            Volatile.Write(ref lastCompleted, batch.Count);
            slots.Release();
        }
    }

    private void FailPending(Exception error)
    {
        carried?.Done.TrySetException(error);
        while (queue.Reader.TryRead(out var p))
            p.Done.TrySetException(error);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        await pump;
        stopping.Dispose();
    }

    private sealed record Proposal(ReadOnlyMemory<byte> Transaction)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
