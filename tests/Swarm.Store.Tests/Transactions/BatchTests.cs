using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store.Tests.Watch;
using Swarm.Store.Transactions;
using Swarm.Store.Watch;

namespace Swarm.Store.Tests.Transactions;

public sealed class BatchTests
{
    [Fact]
    public async Task BatchAsync_ManyUpdates_SplitsIntoBoundedTransactions()
    {
        var store = new MemoryStore();

        var transactions = await store.BatchAsync(async b =>
        {
            for (var i = 0; i < 450; i++)
                await b.UpdateAsync(tx => tx.Nodes.Create(StoreObjects.Node()));
        });

        Assert.Equal(3, transactions);
        Assert.Equal(3UL, store.Version);
        Assert.Equal(450, store.Snapshot().Nodes.Count);
        Assert.Equal([200, 200, 50], store.Snapshot().Nodes.All().GroupBy(n => n.Meta.Version).OrderBy(g => g.Key).Select(g => g.Count()));
    }

    [Fact]
    public async Task BatchAsync_Nothing_CommitsNoTransaction()
    {
        var store = new MemoryStore();

        var transactions = await store.BatchAsync(async b => await b.UpdateAsync(_ => { }));

        Assert.Equal(0, transactions);
        Assert.Equal(0UL, store.Version);
    }

    [Fact]
    public async Task BatchAsync_LargeObjects_SplitsOnBytes()
    {
        var store = new MemoryStore();

        var transactions = await store.BatchAsync(async b =>
        {
            for (var i = 0; i < 5; i++)
                await b.UpdateAsync(tx => tx.Configs.Create(StoreObjects.Config($"c{i}", 600 * 1024)));
        });

        Assert.Equal(3, transactions);
        Assert.Equal(5, store.Snapshot().Configs.Count);
    }

    [Fact]
    public async Task BatchAsync_CallbacksPastLimit_NeverSplitsOneCallback()
    {
        var store = new MemoryStore(limits: new StoreLimits { MaxChangesPerTransaction = 5 });
        using var watch = store.ViewAndWatch();

        await store.BatchAsync(async b =>
        {
            for (var i = 0; i < 4; i++)
            {
                await b.UpdateAsync(tx =>
                {
                    var web = StoreObjects.Service($"web{i}");
                    tx.Services.Create(web);
                    tx.Tasks.Create(StoreObjects.TaskOf(web.Id));
                });
            }
        });

        var read = store.Snapshot();
        Assert.All(read.Services.All(), s => Assert.Equal(s.Meta.Version, read.Tasks.ByService(s.Id).Single().Meta.Version));
        var events = await watch.Events.ReadThroughAsync(store.Version);
        Assert.Equal(2, events.Count(e => e.Kind == EventKind.Commit));
    }

    [Fact]
    public async Task BatchAsync_FailingCallbackCaught_DropsOnlyItsChanges()
    {
        var store = new MemoryStore();
        var kept = StoreObjects.Service("kept");
        var dropped = StoreObjects.Service("dropped");
        var after = StoreObjects.Service("after");

        await store.BatchAsync(async b =>
        {
            await b.UpdateAsync(tx => tx.Services.Create(kept));
            await Assert.ThrowsAsync<InvalidOperationException>(() => b.UpdateAsync(tx =>
            {
                tx.Services.Create(dropped);
                throw new InvalidOperationException("boom");
            }));
            await b.UpdateAsync(tx => tx.Services.Create(after));
        });

        var read = store.Snapshot();
        Assert.NotNull(read.Services.Get(kept.Id));
        Assert.Null(read.Services.Get(dropped.Id));
        Assert.NotNull(read.Services.Get(after.Id));
    }

    [Fact]
    public async Task BatchAsync_RejectedChangeCaught_DropsOnlyItsCallback()
    {
        var store = new MemoryStore();
        await store.CreateAsync(StoreObjects.Service("taken"));
        var partial = StoreObjects.Service("partial");

        await store.BatchAsync(async b =>
        {
            await Assert.ThrowsAsync<NameConflictException>(() => b.UpdateAsync(tx =>
            {
                tx.Services.Create(partial);
                tx.Services.Create(StoreObjects.Service("TAKEN"));
            }));
        });

        Assert.Null(store.Snapshot().Services.Get(partial.Id));
        Assert.Equal(1UL, store.Version);
    }

    [Fact]
    public async Task BatchAsync_FailureEscapesFill_KeepsEarlierCallbacksAndRethrows()
    {
        var store = new MemoryStore(limits: new StoreLimits { MaxChangesPerTransaction = 3 });
        var created = new List<string>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.BatchAsync(async b =>
        {
            for (var i = 0; i < 5; i++)
            {
                var node = StoreObjects.Node();
                await b.UpdateAsync(tx => tx.Nodes.Create(node));
                created.Add(node.Id);
            }
            await b.UpdateAsync(_ => throw new InvalidOperationException("boom"));
        }));

        // Whether a callback's changes survive must not depend on where the transaction boundaries fell.
        Assert.Equal(created.Order(StringComparer.Ordinal), store.Snapshot().Nodes.All().Select(n => n.Id));
    }

    [Fact]
    public async Task BatchAsync_CallbackFailsWhenRetriedInNewTransaction_DropsItsChanges()
    {
        var store = new MemoryStore(limits: new StoreLimits { MaxChangesPerTransaction = 3 });
        var partial = StoreObjects.Node();
        var later = StoreObjects.Node();
        var runs = 0;

        await store.BatchAsync(async b =>
        {
            await b.UpdateAsync(tx =>
            {
                tx.Nodes.Create(StoreObjects.Node());
                tx.Nodes.Create(StoreObjects.Node());
            });
            // Pushes the first transaction over its limit, so the batch commits it and runs this callback again;
            // the second run fails half way (as it might on the fresh snapshot).
            await Assert.ThrowsAsync<InvalidOperationException>(() => b.UpdateAsync(tx =>
            {
                tx.Nodes.Create(partial with { Id = $"{partial.Id[..20]}run{runs}" });
                if (++runs == 2)
                    throw new InvalidOperationException("failed on the second run");
                tx.Nodes.Create(StoreObjects.Node());
            }));
            await b.UpdateAsync(tx => tx.Nodes.Create(later));
        });

        var ids = store.Snapshot().Nodes.All().Select(n => n.Id).ToList();
        Assert.DoesNotContain(ids, id => id.StartsWith(partial.Id[..20], StringComparison.Ordinal));
        Assert.Contains(later.Id, ids);
        Assert.Equal(3, ids.Count);
    }

    [Fact]
    public async Task BatchAsync_OneCallbackAboveLimit_ThrowsInvalidSpecAndKeepsOthers()
    {
        var store = new MemoryStore(limits: new StoreLimits { MaxChangesPerTransaction = 3 });
        var first = StoreObjects.Node();

        await store.BatchAsync(async b =>
        {
            await b.UpdateAsync(tx => tx.Nodes.Create(first));
            await Assert.ThrowsAsync<InvalidSpecException>(() => b.UpdateAsync(tx =>
            {
                for (var i = 0; i < 4; i++)
                    tx.Nodes.Create(StoreObjects.Node());
            }));
        });

        Assert.Equal([first.Id], store.Snapshot().Nodes.All().Select(n => n.Id));
    }

    [Fact]
    public async Task BatchAsync_LaterCallback_SeesEarlierUncommittedChanges()
    {
        var store = new MemoryStore();
        var web = StoreObjects.Service("web");

        await store.BatchAsync(async b =>
        {
            await b.UpdateAsync(tx => tx.Services.Create(web));
            await b.UpdateAsync(tx => tx.Services.Update(tx.Services.Get(web.Id)! with { SpecVersion = 3 }));
        });

        Assert.Equal(3UL, store.Snapshot().Services.Get(web.Id)!.SpecVersion);
        Assert.Equal(1UL, store.Version);
    }

    [Fact]
    public async Task BatchAsync_ManyUpdatesOfOneObject_CountOnce()
    {
        var store = new MemoryStore(limits: new StoreLimits { MaxChangesPerTransaction = 2 });
        var node = (await store.CreateAsync(StoreObjects.Node()))[0];

        var transactions = await store.BatchAsync(async b =>
        {
            for (var i = 0; i < 10; i++)
                await b.UpdateAsync(tx => tx.Nodes.Update(tx.Nodes.Get(node.Id)! with { Status = new NodeStatus { Message = $"{i}" } }));
        });

        Assert.Equal(1, transactions);
        Assert.Equal("9", store.Snapshot().Nodes.Get(node.Id)!.Status.Message);
    }
}
