using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Testing.Replication;

namespace Swarm.Store.Tests.Transactions;

/// <summary>Batches with several transactions committing at once, behind a proposer that can hold commits.</summary>
public sealed class PipelinedBatchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task BatchAsync_SeveralInFlight_ProposesTheNextTransactionsBeforeTheFirstCommits()
    {
        var proposer = new InlineReplicaProposer();
        var store = new MemoryStore(proposer);
        proposer.AddReplica(store);
        proposer.Hold();

        var batch = store.BatchAsync(async b =>
        {
            for (var i = 0; i < 450; i++)
                await b.UpdateAsync(tx => tx.Nodes.Create(StoreObjects.Node()));
        }, maxInFlight: 4);

        // All three transactions are proposed while none has committed.
        await proposer.WhenHeldAsync(3).WaitAsync(Timeout);
        Assert.False(batch.IsCompleted);
        proposer.Release();
        Assert.Equal(3, await batch.WaitAsync(Timeout));
        Assert.Equal(450, store.Snapshot().Nodes.Count);
    }

    [Fact]
    public async Task BatchAsync_OneInFlight_WaitsForEachCommitSoTheNextTransactionReadsIt()
    {
        var proposer = new InlineReplicaProposer();
        var store = new MemoryStore(proposer);
        proposer.AddReplica(store);
        var node = StoreObjects.Node();
        var seen = new List<int>();

        await store.BatchAsync(async b =>
        {
            await b.UpdateAsync(tx => tx.Nodes.Create(node));
            for (var i = 0; i < 199; i++)
                await b.UpdateAsync(tx => tx.Nodes.Create(StoreObjects.Node()));
            // The first transaction (200 changes) committed before this one was built.
            await b.UpdateAsync(tx => seen.Add(tx.Nodes.Count));
        });

        Assert.Equal([200], seen);
    }

    [Fact]
    public async Task BatchAsync_AConflictFoundAtApply_ThrowsAfterTheOtherTransactionsCommitted()
    {
        var proposer = new InlineReplicaProposer();
        var store = new MemoryStore(proposer);
        proposer.AddReplica(store);
        var node = StoreObjects.Node();
        await store.UpdateAsync(tx => tx.Nodes.Create(node));
        proposer.Hold();
        // Another writer's update of the node is proposed first; the batch reads the node before it applies.
        var outside = store.UpdateAsync(tx => tx.Nodes.Update(tx.Nodes.Get(node.Id)! with { Spec = node.Spec with { Name = "outside" } }));
        await proposer.WhenHeldAsync(1).WaitAsync(Timeout);

        var batch = store.BatchAsync(async b =>
        {
            for (var i = 0; i < 200; i++)
                await b.UpdateAsync(tx => tx.Nodes.Create(StoreObjects.Node()));
            await b.UpdateAsync(tx => tx.Nodes.Update(tx.Nodes.Get(node.Id)! with { Spec = node.Spec with { Name = "batch" } }));
            for (var i = 0; i < 200; i++)
                await b.UpdateAsync(tx => tx.Nodes.Create(StoreObjects.Node()));
        }, maxInFlight: 4);
        await proposer.WhenHeldAsync(4).WaitAsync(Timeout);
        proposer.Release();

        await outside.WaitAsync(Timeout);
        await Assert.ThrowsAsync<VersionConflictException>(() => batch.WaitAsync(Timeout));
        // Transactions of 200 changes: the first commits, the second (the stale update + 199 creates) is refused
        // whole, the third (one create) commits.
        Assert.Equal(1 + 200 + 1, store.Snapshot().Nodes.Count);
        Assert.Equal("outside", store.Snapshot().Nodes.Get(node.Id)!.Spec.Name);
    }
}
