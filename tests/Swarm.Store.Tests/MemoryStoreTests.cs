using Microsoft.Extensions.Time.Testing;
using Swarm.Api.Errors;
using Swarm.Api.Objects;

namespace Swarm.Store.Tests;

public sealed class MemoryStoreTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Version_NewStore_IsZeroAndEmpty()
    {
        var store = new MemoryStore();

        Assert.Equal(0UL, store.Version);
        Assert.Equal(0, store.Snapshot().Services.Count);
    }

    [Fact]
    public async Task UpdateAsync_Commits_BumpsVersionByOneAndStampsEveryWrittenObject()
    {
        var store = new MemoryStore();
        var web = StoreObjects.Service("web");
        var db = StoreObjects.Service("db");

        await store.UpdateAsync(tx =>
        {
            tx.Services.Create(web);
            tx.Services.Create(db);
        });
        await store.UpdateAsync(tx => tx.Networks.Create(StoreObjects.Network()));

        var read = store.Snapshot();
        Assert.Equal(2UL, store.Version);
        Assert.Equal(2UL, read.Version);
        Assert.Equal(1UL, read.Services.Get(web.Id)!.Meta.Version);
        Assert.Equal(1UL, read.Services.Get(db.Id)!.Meta.Version);
        Assert.Equal(2UL, read.Networks.All().Single().Meta.Version);
    }

    [Fact]
    public async Task UpdateAsync_Update_KeepsCreatedAtAndStampsUpdatedAtWithTransactionTime()
    {
        var time = new FakeTimeProvider(Start);
        var store = new MemoryStore(time: time);
        var web = (await store.CreateAsync(StoreObjects.Service()))[0];
        time.Advance(TimeSpan.FromMinutes(5));

        await store.UpdateAsync(tx => tx.Services.Update(web with { SpecVersion = 2 }));

        var stored = store.Snapshot().Services.Get(web.Id)!;
        Assert.Equal(Start, stored.Meta.CreatedAt);
        Assert.Equal(Start.AddMinutes(5), stored.Meta.UpdatedAt);
        Assert.Equal(2UL, stored.Meta.Version);
        Assert.Equal(2UL, stored.SpecVersion);
    }

    [Fact]
    public async Task UpdateAsync_ObjectCarriesForeignMeta_StoreOwnsMeta()
    {
        var time = new FakeTimeProvider(Start);
        var store = new MemoryStore(time: time);
        var web = StoreObjects.Service() with { Meta = new Meta { Version = 99, CreatedAt = Start.AddYears(-1) } };

        await store.UpdateAsync(tx => tx.Services.Create(web));

        Assert.Equal(new Meta { Version = 1, CreatedAt = Start, UpdatedAt = Start }, store.Snapshot().Services.Get(web.Id)!.Meta);
    }

    [Fact]
    public async Task UpdateAsync_CallbackReturnsValue_ReturnsIt()
    {
        var store = new MemoryStore();

        var id = await store.UpdateAsync(tx =>
        {
            var web = StoreObjects.Service();
            tx.Services.Create(web);
            return web.Id;
        });

        Assert.NotNull(store.Snapshot().Services.Get(id));
    }

    [Fact]
    public async Task UpdateAsync_CallbackThrows_CommitsNothing()
    {
        var store = new MemoryStore();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpdateAsync(tx =>
        {
            tx.Services.Create(StoreObjects.Service());
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal(0UL, store.Version);
        Assert.Equal(0, store.Snapshot().Services.Count);
    }

    [Fact]
    public async Task UpdateAsync_OneChangeRejected_CommitsNoneAndKeepsVersion()
    {
        var store = new MemoryStore();
        var existing = (await store.CreateAsync(StoreObjects.Service("web")))[0];
        var fresh = StoreObjects.Service("api");

        await Assert.ThrowsAsync<NameConflictException>(() => store.UpdateAsync(tx =>
        {
            tx.Services.Create(fresh);
            tx.Services.Create(StoreObjects.Service("WEB"));
        }));

        var read = store.Snapshot();
        Assert.Equal(1UL, store.Version);
        Assert.Null(read.Services.Get(fresh.Id));
        Assert.Same(existing, read.Services.Get(existing.Id));
    }

    [Fact]
    public async Task UpdateAsync_NoChanges_DoesNotBumpVersion()
    {
        var store = new MemoryStore();

        await store.UpdateAsync(_ => { });

        Assert.Equal(0UL, store.Version);
    }

    [Fact]
    public async Task UpdateAsync_MoreChangesThanLimit_ThrowsInvalidSpecAndCommitsNothing()
    {
        var store = new MemoryStore();

        await Assert.ThrowsAsync<InvalidSpecException>(() => store.UpdateAsync(tx =>
        {
            for (var i = 0; i < 201; i++)
                tx.Nodes.Create(StoreObjects.Node());
        }));

        Assert.Equal(0UL, store.Version);
        Assert.Equal(0, store.Snapshot().Nodes.Count);
    }

    [Fact]
    public async Task UpdateAsync_ExactlyChangeLimit_Commits()
    {
        var store = new MemoryStore();

        await store.UpdateAsync(tx =>
        {
            for (var i = 0; i < 200; i++)
                tx.Nodes.Create(StoreObjects.Node());
        });

        Assert.Equal(200, store.Snapshot().Nodes.Count);
    }

    [Fact]
    public async Task UpdateAsync_MoreBytesThanLimit_ThrowsInvalidSpecAndCommitsNothing()
    {
        var store = new MemoryStore();

        await Assert.ThrowsAsync<InvalidSpecException>(() => store.UpdateAsync(tx =>
        {
            tx.Configs.Create(StoreObjects.Config("a", Config.MaxSize));
            tx.Configs.Create(StoreObjects.Config("b", Config.MaxSize));
        }));

        Assert.Equal(0UL, store.Version);
    }

    [Fact]
    public async Task UpdateAsync_CustomLimits_AreHonoured()
    {
        var store = new MemoryStore(limits: new StoreLimits { MaxChangesPerTransaction = 2 });

        await Assert.ThrowsAsync<InvalidSpecException>(() => store.UpdateAsync(tx =>
        {
            for (var i = 0; i < 3; i++)
                tx.Nodes.Create(StoreObjects.Node());
        }));
    }

    [Fact]
    public async Task Snapshot_LaterWrites_DoNotChangeIt()
    {
        var store = new MemoryStore();
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];
        var before = store.Snapshot();

        await store.UpdateAsync(tx =>
        {
            tx.Services.Update(web with { SpecVersion = 7 });
            tx.Services.Create(StoreObjects.Service("db"));
        });

        Assert.Equal(1UL, before.Version);
        Assert.Equal(1, before.Services.Count);
        Assert.Same(web, before.Services.Get(web.Id));
        Assert.Null(before.Services.GetByName("db"));
    }

    [Fact]
    public async Task View_ReadsOneConsistentVersion()
    {
        var store = new MemoryStore();
        await store.CreateAsync(StoreObjects.Service("web"));

        var (version, count) = store.View(read => (read.Version, read.Services.Count));

        Assert.Equal((1UL, 1), (version, count));
    }

    [Fact]
    public async Task ReadBarrierAsync_NoProposer_CompletesAtOnce()
    {
        var store = new MemoryStore();

        await store.ReadBarrierAsync();
    }

    [Fact]
    public async Task UpdateAsync_ProposerReturnsWithoutApplying_ThrowsInvalidOperation()
    {
        var store = new MemoryStore(new DroppingProposer());

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpdateAsync(tx => tx.Services.Create(StoreObjects.Service())));
        Assert.Equal(0UL, store.Version);
    }

    [Fact]
    public async Task UpdateAsync_ProposerFailsBeforeApplying_PropagatesItsError()
    {
        var store = new MemoryStore(new DroppingProposer(new NotLeaderException("10.0.0.2:2377")));

        var error = await Assert.ThrowsAsync<NotLeaderException>(() => store.UpdateAsync(tx => tx.Services.Create(StoreObjects.Service())));
        Assert.Equal("10.0.0.2:2377", error.LeaderAddress);
    }

    /// <summary>A proposer that loses every transaction: what a broken Raft adapter would do.</summary>
    private sealed class DroppingProposer(Exception? error = null) : IProposer
    {
        public ValueTask ProposeAsync(ReadOnlyMemory<byte> transaction, CancellationToken cancellationToken)
            => error is null ? ValueTask.CompletedTask : ValueTask.FromException(error);

        public ValueTask ReadBarrierAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
