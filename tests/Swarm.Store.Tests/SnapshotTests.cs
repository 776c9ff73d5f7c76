using System.Buffers;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store.Transactions;

namespace Swarm.Store.Tests;


/// <summary>CaptureSnapshot / WriteTo / Restore: what Raft uses to compact its log and to catch up a new member.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public async Task Restore_IntoFreshStore_SameObjectsVersionsNamesAndIndexes()
    {
        var source = new MemoryStore();
        var (web, node, tasks) = await PopulateAsync(source);

        var restored = new MemoryStore();
        restored.Restore(Write(source.CaptureSnapshot()));

        var read = restored.Snapshot();
        Assert.Equal(source.Version, restored.Version);
        Assert.Equal(source.Version, read.Version);
        AssertSameContents(source.Snapshot(), read);
        Assert.Equal(web.Id, read.Services.GetByName("WEB")!.Id);
        Assert.Equal(web.Id, read.Services.Resolve(web.Id[..12])!.Id);
        Assert.Equal(tasks.Select(t => t.Id).Order(), read.Tasks.ByService(web.Id).Select(t => t.Id).Order());
        Assert.Equal([tasks[0].Id], read.Tasks.ByNode(node.Id).Select(t => t.Id));
        Assert.Equal([tasks[1].Id], read.Tasks.BySlot(web.Id, 2).Select(t => t.Id));
        Assert.Equal([tasks[1].Id], read.Tasks.ByDesiredState(TaskState.Shutdown).Select(t => t.Id));
        Assert.Equal([node.Id], read.Nodes.ByRole(NodeRole.Manager).Select(n => n.Id));
    }

    [Fact]
    public async Task Restore_ThenWrite_ContinuesVersionsAndEnforcesRules()
    {
        var source = new MemoryStore();
        var (web, _, _) = await PopulateAsync(source);
        var restored = new MemoryStore();
        restored.Restore(Write(source.CaptureSnapshot()));

        await Assert.ThrowsAsync<NameConflictException>(() => restored.UpdateAsync(tx => tx.Services.Create(StoreObjects.Service("Web"))));
        await restored.UpdateAsync(tx => tx.Services.Update(tx.Services.Get(web.Id)! with { SpecVersion = 3 }));

        Assert.Equal(source.Version + 1, restored.Version);
        Assert.Equal(restored.Version, restored.Snapshot().Services.Get(web.Id)!.Meta.Version);
    }

    [Fact]
    public async Task CaptureSnapshot_LaterWrites_SerializesStateAtCapture()
    {
        var store = new MemoryStore();
        var (web, _, _) = await PopulateAsync(store);
        var before = Write(store.CaptureSnapshot());
        var capture = store.CaptureSnapshot();

        await store.UpdateAsync(tx =>
        {
            tx.Services.Delete(web.Id);
            tx.Networks.Create(StoreObjects.Network());
        });

        Assert.Equal(store.Version - 1, capture.Version);
        Assert.Equal(before.ToArray(), Write(capture).ToArray());
    }

    [Fact]
    public async Task Restore_OverExistingState_ReplacesItWhole()
    {
        var source = new MemoryStore();
        await source.CreateAsync(StoreObjects.Node());
        var target = new MemoryStore();
        var stale = await target.CreateAsync(StoreObjects.Service("web"), StoreObjects.Service("db"));
        await target.CreateAsync(StoreObjects.Network());

        target.Restore(Write(source.CaptureSnapshot()));

        var read = target.Snapshot();
        Assert.Equal(1UL, target.Version);
        Assert.Equal(0, read.Services.Count + read.Networks.Count);
        Assert.Null(read.Services.GetByName("web"));
        Assert.Single(read.Nodes.All());
        await target.UpdateAsync(tx => tx.Services.Create(stale[0] with { Meta = new Meta() }));
    }

    [Fact]
    public async Task Restore_OldSnapshotStillHeld_KeepsShowingOldState()
    {
        var store = new MemoryStore();
        await store.CreateAsync(StoreObjects.Service("web"));
        var held = store.Snapshot();

        store.Restore(Write(new MemoryStore().CaptureSnapshot()));

        Assert.Equal(0UL, store.Version);
        Assert.Equal(1, held.Services.Count);
    }

    [Fact]
    public async Task WriteTo_RestoredStore_ReproducesTheSameBytes()
    {
        var source = new MemoryStore();
        await PopulateAsync(source);
        var bytes = Write(source.CaptureSnapshot());

        var restored = new MemoryStore();
        restored.Restore(bytes);

        Assert.Equal(bytes.ToArray(), Write(restored.CaptureSnapshot()).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(1 << 20)]
    public async Task Serialize_InPieces_SameBytesAsWriteTo(int pieceBytes)
    {
        var source = new MemoryStore();
        await source.CreateOneOfEachKindAsync();
        var capture = source.CaptureSnapshot();

        var pieces = new ArrayBufferWriter<byte>();
        foreach (var piece in capture.Serialize(pieceBytes))
            pieces.Write(piece.Span);

        Assert.Equal(Write(capture).ToArray(), pieces.WrittenSpan.ToArray());
        var restored = new MemoryStore();
        restored.Restore(new ReadOnlySequence<byte>(pieces.WrittenMemory));
        AssertSameContents(source.Snapshot(), restored.Snapshot());
    }

    [Fact]
    public void Restore_EmptyStoreSnapshot_GivesEmptyStore()
    {
        var restored = new MemoryStore();

        restored.Restore(Write(new MemoryStore().CaptureSnapshot()));

        Assert.Equal(0UL, restored.Version);
        Assert.Empty(restored.Snapshot().Services.All());
    }

    [Fact]
    public async Task Restore_EveryKind_RoundTrips()
    {
        var source = new MemoryStore();
        await source.CreateOneOfEachKindAsync();

        var restored = new MemoryStore();
        restored.Restore(Write(source.CaptureSnapshot()));

        AssertSameContents(source.Snapshot(), restored.Snapshot());
    }

    private static async Task<(Service Web, Node Node, SwarmTask[] Tasks)> PopulateAsync(MemoryStore store)
    {
        var web = StoreObjects.Service("web") with
        {
            Spec = new ServiceSpec { Name = "web", Labels = new Dictionary<string, string> { ["tier"] = "front" } },
        };
        var node = StoreObjects.Node(NodeRole.Manager, "manager-1");
        await store.UpdateAsync(tx =>
        {
            tx.Services.Create(web);
            tx.Nodes.Create(node);
            tx.Clusters.Create(StoreObjects.Cluster());
            tx.Secrets.Create(StoreObjects.Secret("db-password", 64));
        });
        var tasks = await store.CreateAsync(
            StoreObjects.TaskOf(web.Id, 1, node.Id), StoreObjects.TaskOf(web.Id, 2, desired: TaskState.Shutdown));
        await store.UpdateAsync(tx => tx.Services.Update(tx.Services.Get(web.Id)! with { SpecVersion = 2 }));
        return (store.Snapshot().Services.Get(web.Id)!, store.Snapshot().Nodes.Get(node.Id)!, tasks);
    }

    private static ReadOnlySequence<byte> Write(IStateSnapshot snapshot)
    {
        var buffer = new ArrayBufferWriter<byte>();
        snapshot.WriteTo(buffer);
        return new ReadOnlySequence<byte>(buffer.WrittenMemory.ToArray());
    }

    private static void AssertSameContents(ReadTransaction expected, ReadTransaction actual)
    {
        Assert.Equal(Encode(expected), Encode(actual));

        static List<byte[]> Encode(ReadTransaction read) =>
        [
            .. read.Clusters.All().Select(StoreObjects.Encoded),
            .. read.Nodes.All().Select(StoreObjects.Encoded),
            .. read.Services.All().Select(StoreObjects.Encoded),
            .. read.Tasks.All().Select(StoreObjects.Encoded),
            .. read.Networks.All().Select(StoreObjects.Encoded),
            .. read.Secrets.All().Select(StoreObjects.Encoded),
            .. read.Configs.All().Select(StoreObjects.Encoded),
        ];
    }
}
