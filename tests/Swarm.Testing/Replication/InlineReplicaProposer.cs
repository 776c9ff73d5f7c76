using System.Buffers;
using Swarm.Store;

namespace Swarm.Testing.Replication;

/// <summary>
/// An <see cref="IProposer"/> standing in for Raft: every proposal is "committed" by applying it, under one lock and
/// in proposal order, to every replica. While <see cref="Hold"/> is on, proposals queue until <see cref="Release"/>,
/// so a test can build several transactions on the same snapshot and then commit them one after another.
/// </summary>
public sealed class InlineReplicaProposer : IProposer
{
    private readonly Lock gate = new();
    private readonly List<IReplicatedState> replicas = [];
    private readonly List<byte[]> log = [];
    private readonly Queue<Proposal> held = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> heldWaiters = [];
    private bool holding;

    public InlineReplicaProposer(params IEnumerable<IReplicatedState> replicas) => this.replicas.AddRange(replicas);

    /// <summary>Every transaction applied so far, in commit order.</summary>
    public IReadOnlyList<byte[]> Log
    {
        get
        {
            lock (gate)
                return [.. log];
        }
    }

    /// <summary>Adds a replica; it receives only transactions committed from now on.</summary>
    public void AddReplica(IReplicatedState replica)
    {
        lock (gate)
            replicas.Add(replica);
    }

    /// <summary>Queues proposals instead of committing them, until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (gate)
            holding = true;
    }

    /// <summary>Commits every queued proposal in the order it was made and stops holding.</summary>
    public void Release()
    {
        lock (gate)
        {
            holding = false;
            while (held.TryDequeue(out var proposal))
                Commit(proposal);
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> proposals are queued.</summary>
    public Task WhenHeldAsync(int count)
    {
        lock (gate)
        {
            if (held.Count >= count)
                return Task.CompletedTask;
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            heldWaiters.Add((count, signal));
            return signal.Task;
        }
    }

    public ValueTask ProposeAsync(ReadOnlyMemory<byte> transaction, CancellationToken cancellationToken)
    {
        var proposal = new Proposal(transaction.ToArray());
        lock (gate)
        {
            if (!holding)
            {
                Commit(proposal);
                return new ValueTask(proposal.Applied.Task);
            }
            held.Enqueue(proposal);
            foreach (var waiter in heldWaiters.Where(w => held.Count >= w.Count).ToList())
            {
                heldWaiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
        // A held proposal that is cancelled is withdrawn, as if it never reached the log.
        return WaitAsync(proposal.Applied.Task, cancellationToken.Register(() => Withdraw(proposal, cancellationToken)));

        static async ValueTask WaitAsync(Task applied, CancellationTokenRegistration registration)
        {
            using (registration)
                await applied;
        }
    }

    public ValueTask ReadBarrierAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private void Withdraw(Proposal proposal, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!held.Contains(proposal))
                return;
            var rest = held.Where(p => p != proposal).ToList();
            held.Clear();
            foreach (var p in rest)
                held.Enqueue(p);
        }
        proposal.Applied.TrySetCanceled(cancellationToken);
    }

    // Called under the gate, so replicas see one order.
    private void Commit(Proposal proposal)
    {
        try
        {
            log.Add(proposal.Bytes);
            foreach (var replica in replicas)
                replica.Apply(new ReadOnlySequence<byte>(proposal.Bytes));
            proposal.Applied.TrySetResult();
        }
        catch (Exception e)
        {
            proposal.Applied.TrySetException(e);
        }
    }

    private sealed class Proposal(byte[] bytes)
    {
        public byte[] Bytes { get; } = bytes;

        public TaskCompletionSource Applied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
