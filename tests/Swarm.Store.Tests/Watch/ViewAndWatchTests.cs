using System.Buffers;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store.Watch;

namespace Swarm.Store.Tests.Watch;

public sealed class ViewAndWatchTests
{
    private readonly MemoryStore store = new();

    [Fact]
    public async Task ViewAndWatch_Snapshot_IsTheStateBeforeTheFirstEvent()
    {
        await store.CreateAsync(StoreObjects.Service("web"));

        using var watch = store.ViewAndWatch();
        await store.CreateAsync(StoreObjects.Service("db"));

        Assert.Equal(1UL, watch.Snapshot.Version);
        Assert.Equal(1, watch.Snapshot.Services.Count);
        var first = await watch.Events.NextAsync();
        Assert.Equal((EventKind.Create, 2UL), (first.Kind, first.Version));
    }

    [Fact]
    public async Task Events_CreateUpdateDelete_CarryObjectPreviousAndVersionThenCommit()
    {
        using var watch = store.ViewAndWatch();
        var created = (await store.CreateAsync(StoreObjects.Service("web")))[0];
        await store.UpdateAsync(tx => tx.Services.Update(created with { SpecVersion = 1 }));
        var updated = store.Snapshot().Services.Get(created.Id)!;
        await store.UpdateAsync(tx => tx.Services.Delete(updated));

        var events = await watch.Events.ReadThroughAsync(3);

        Assert.Equal(
            [(EventKind.Create, 1UL), (EventKind.Commit, 1UL), (EventKind.Update, 2UL), (EventKind.Commit, 2UL), (EventKind.Delete, 3UL), (EventKind.Commit, 3UL)],
            events.Select(e => (e.Kind, e.Version)));
        Assert.Equal(created, events[0].Object);
        Assert.Null(events[0].Previous);
        Assert.Equal((updated, created), (events[2].Object, events[2].Previous));
        Assert.Equal(updated, events[4].Object);
        Assert.All(events.Where(e => e.Kind != EventKind.Commit), e => Assert.Equal(ObjectKind.Service, e.ObjectKind));
        Assert.All(events.Where(e => e.Kind == EventKind.Commit), e => Assert.Null(e.Object));
    }

    [Fact]
    public async Task Events_OneTransaction_AllChangesBeforeOneCommit()
    {
        using var watch = store.ViewAndWatch();

        await store.UpdateAsync(tx =>
        {
            tx.Networks.Create(StoreObjects.Network());
            tx.Services.Create(StoreObjects.Service());
            tx.Tasks.Create(StoreObjects.TaskOf(Ids.New()));
        });

        var events = await watch.Events.ReadThroughAsync(1);
        Assert.Equal([EventKind.Create, EventKind.Create, EventKind.Create, EventKind.Commit], events.Select(e => e.Kind));
        Assert.Equal([ObjectKind.Network, ObjectKind.Service, ObjectKind.Task], events.Take(3).Select(e => e.ObjectKind));
        Assert.All(events, e => Assert.Equal(1UL, e.Version));
    }

    [Fact]
    public async Task Events_RejectedTransaction_PublishesNothing()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];
        await store.UpdateAsync(tx => tx.Services.Update(web with { SpecVersion = 1 }));
        using var watch = store.ViewAndWatch();

        await Assert.ThrowsAsync<VersionConflictException>(() => store.UpdateAsync(tx => tx.Services.Update(web)));

        Assert.True(await watch.Events.IsQuietAsync());
    }

    [Fact]
    public async Task Events_Filter_DeliversMatchingChangesAndEveryCommit()
    {
        using var watch = store.ViewAndWatch(e => e.ObjectKind == ObjectKind.Task);

        await store.CreateAsync(StoreObjects.Service());
        var task = (await store.CreateAsync(StoreObjects.TaskOf(Ids.New())))[0];

        var events = await watch.Events.ReadThroughAsync(2);
        Assert.Equal([(EventKind.Commit, 1UL), (EventKind.Create, 2UL), (EventKind.Commit, 2UL)], events.Select(e => (e.Kind, e.Version)));
        Assert.Equal(task.Id, events[1].Object!.Id);
    }

    [Fact]
    public async Task Events_SeveralWatchers_EachGetsEveryEvent()
    {
        using var first = store.ViewAndWatch();
        using var second = store.ViewAndWatch();

        await store.CreateAsync(StoreObjects.Node());

        Assert.Equal(2, (await first.Events.ReadThroughAsync(1)).Count);
        Assert.Equal(2, (await second.Events.ReadThroughAsync(1)).Count);
    }

    [Fact]
    public async Task Dispose_CompletesEventsAndStopsDelivery()
    {
        var watch = store.ViewAndWatch();

        watch.Dispose();
        await store.CreateAsync(StoreObjects.Node());

        Assert.False(await watch.Events.WaitToReadAsync(new CancellationTokenSource(WatchReading.Timeout).Token));
    }

    [Fact]
    public async Task Events_ReaderFallsBehindPastLimit_ClosesWithWatchClosed()
    {
        var small = new MemoryStore(limits: new StoreLimits { MaxPendingWatchEvents = 5 });
        using var slow = small.ViewAndWatch();
        using var other = small.ViewAndWatch();

        for (var i = 0; i < 3; i++)
            await small.CreateAsync(StoreObjects.Node());

        Assert.Equal(3UL, small.Version);
        var delivered = new List<StoreEvent>();
        await Assert.ThrowsAsync<WatchClosedException>(async () =>
        {
            using var cts = new CancellationTokenSource(WatchReading.Timeout);
            await foreach (var e in slow.Events.ReadAllAsync(cts.Token))
                delivered.Add(e);
        });
        Assert.Equal(5, delivered.Count);
        Assert.Equal(2, (await other.Events.ReadThroughAsync(1)).Count);
    }

    [Fact]
    public async Task Events_ExactlyLimitPending_StaysOpen()
    {
        var small = new MemoryStore(limits: new StoreLimits { MaxPendingWatchEvents = 4 });
        using var watch = small.ViewAndWatch();

        await small.CreateAsync(StoreObjects.Node());
        await small.CreateAsync(StoreObjects.Node());

        Assert.Equal(4, (await watch.Events.ReadThroughAsync(2)).Count);
        await small.CreateAsync(StoreObjects.Node());
        Assert.Equal(2, (await watch.Events.ReadThroughAsync(3)).Count);
    }

    [Fact]
    public async Task Restore_OpenWatch_ClosesWithWatchClosed()
    {
        using var watch = store.ViewAndWatch();
        var source = new MemoryStore();
        await source.CreateAsync(StoreObjects.Node());
        var buffer = new ArrayBufferWriter<byte>();
        source.CaptureSnapshot().WriteTo(buffer);

        store.Restore(new ReadOnlySequence<byte>(buffer.WrittenMemory));

        await Assert.ThrowsAsync<WatchClosedException>(() => watch.Events.Completion.WaitAsync(WatchReading.Timeout));
    }

    [Fact]
    public async Task ViewAndWatch_AfterRestore_StartsFromRestoredState()
    {
        var source = new MemoryStore();
        await source.CreateAsync(StoreObjects.Node(), StoreObjects.Node());
        var buffer = new ArrayBufferWriter<byte>();
        source.CaptureSnapshot().WriteTo(buffer);
        store.Restore(new ReadOnlySequence<byte>(buffer.WrittenMemory));

        using var watch = store.ViewAndWatch();
        await store.CreateAsync(StoreObjects.Node());

        Assert.Equal((1UL, 2), (watch.Snapshot.Version, watch.Snapshot.Nodes.Count));
        Assert.Equal(2UL, (await watch.Events.NextAsync()).Version);
    }

    [Fact]
    public async Task Events_FilterThrows_ClosesOnlyThatWatchAndStoreCommits()
    {
        using var faulty = store.ViewAndWatch(_ => throw new InvalidOperationException("bad filter"));
        using var healthy = store.ViewAndWatch();

        var node = (await store.CreateAsync(StoreObjects.Node()))[0];
        await store.CreateAsync(StoreObjects.Node());

        Assert.Equal(2UL, store.Version);
        Assert.NotNull(store.Snapshot().Nodes.Get(node.Id));
        Assert.Equal(4, (await healthy.Events.ReadThroughAsync(2)).Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => faulty.Events.Completion.WaitAsync(WatchReading.Timeout));
    }
}
