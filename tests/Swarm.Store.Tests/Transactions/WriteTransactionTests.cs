using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store.Tests.Watch;
using Swarm.Store.Transactions;
using Swarm.Store.Watch;

namespace Swarm.Store.Tests.Transactions;

public sealed class WriteTransactionTests
{
    private readonly MemoryStore store = new();

    [Fact]
    public async Task Create_NoId_ThrowsInvalidSpec()
    {
        await Assert.ThrowsAsync<InvalidSpecException>(
            () => store.UpdateAsync(tx => tx.Services.Create(StoreObjects.Service() with { Id = "" })));
    }

    [Fact]
    public async Task Create_IdInUse_ThrowsAndKeepsOriginal()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];

        await Assert.ThrowsAsync<VersionConflictException>(
            () => store.UpdateAsync(tx => tx.Services.Create(StoreObjects.Service("other") with { Id = web.Id })));

        Assert.Same(web, store.Snapshot().Services.Get(web.Id));
    }

    [Fact]
    public async Task Create_EmptyNames_DoNotConflict()
    {
        await store.CreateAsync(StoreObjects.Service(""), StoreObjects.Service(""));

        Assert.Equal(2, store.Snapshot().Services.Count);
        Assert.Null(store.Snapshot().Services.GetByName(""));
    }

    public static TheoryData<string> NamedKinds => ["service", "network", "secret", "config", "cluster"];

    [Theory]
    [MemberData(nameof(NamedKinds))]
    public async Task Create_NameTakenIgnoringCase_ThrowsNameConflict(string kind)
    {
        await store.UpdateAsync(tx => CreateNamed(tx, kind, "Front"));

        var error = await Assert.ThrowsAsync<NameConflictException>(() => store.UpdateAsync(tx => CreateNamed(tx, kind, "fRONT")));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(1UL, store.Version);
    }

    [Fact]
    public async Task Create_SameNameDifferentKinds_Allowed()
    {
        await store.UpdateAsync(tx =>
        {
            foreach (var kind in new[] { "service", "network", "secret", "config", "cluster" })
                CreateNamed(tx, kind, "shared");
        });

        Assert.Equal(1UL, store.Version);
    }

    [Fact]
    public async Task Create_NodesAndTasksWithSameName_Allowed()
    {
        await store.UpdateAsync(tx =>
        {
            tx.Nodes.Create(StoreObjects.Node(name: "worker-1"));
            tx.Nodes.Create(StoreObjects.Node(name: "worker-1"));
        });

        Assert.Equal(2, store.Snapshot().Nodes.Count);
    }

    [Fact]
    public async Task Update_Rename_FreesOldName()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];

        await store.UpdateAsync(tx => tx.Services.Update(web with { Spec = web.Spec with { Name = "frontend" } }));
        await store.UpdateAsync(tx => tx.Services.Create(StoreObjects.Service("web")));

        var read = store.Snapshot();
        Assert.Equal(web.Id, read.Services.GetByName("FRONTEND")!.Id);
        Assert.NotEqual(web.Id, read.Services.GetByName("web")!.Id);
    }

    [Fact]
    public async Task Update_ToNameHeldByAnother_ThrowsNameConflict()
    {
        var stored = await store.CreateAsync(StoreObjects.Service("web"), StoreObjects.Service("db"));

        await Assert.ThrowsAsync<NameConflictException>(
            () => store.UpdateAsync(tx => tx.Services.Update(stored[1] with { Spec = stored[1].Spec with { Name = "Web" } })));
    }

    [Fact]
    public async Task Update_StaleVersion_ThrowsVersionConflictAndKeepsState()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];
        await store.UpdateAsync(tx => tx.Services.Update(web with { SpecVersion = 1 }));

        await Assert.ThrowsAsync<VersionConflictException>(() => store.UpdateAsync(tx => tx.Services.Update(web with { SpecVersion = 2 })));

        Assert.Equal(2UL, store.Version);
        Assert.Equal(1UL, store.Snapshot().Services.Get(web.Id)!.SpecVersion);
    }

    [Fact]
    public async Task Update_Missing_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => store.UpdateAsync(tx => tx.Services.Update(StoreObjects.Service())));
    }

    [Fact]
    public async Task DeleteObject_StaleVersion_ThrowsVersionConflict()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];
        await store.UpdateAsync(tx => tx.Services.Update(web with { SpecVersion = 1 }));

        await Assert.ThrowsAsync<VersionConflictException>(() => store.UpdateAsync(tx => tx.Services.Delete(web)));

        Assert.NotNull(store.Snapshot().Services.Get(web.Id));
    }

    [Fact]
    public async Task DeleteObject_CurrentVersion_RemovesItAndItsName()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];

        await store.UpdateAsync(tx => tx.Services.Delete(web));

        var read = store.Snapshot();
        Assert.Null(read.Services.Get(web.Id));
        Assert.Null(read.Services.GetByName("web"));
        Assert.Equal(2UL, read.Version);
    }

    [Fact]
    public async Task DeleteById_AnyVersion_Removes()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];
        await store.UpdateAsync(tx => tx.Services.Update(web with { SpecVersion = 1 }));

        await store.UpdateAsync(tx => tx.Services.Delete(web.Id));

        Assert.Equal(0, store.Snapshot().Services.Count);
    }

    [Fact]
    public async Task DeleteById_Missing_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => store.UpdateAsync(tx => tx.Services.Delete(Ids.New())));
    }

    [Fact]
    public async Task Reads_InsideTransaction_SeeOwnChangesButSnapshotDoesNot()
    {
        var web = StoreObjects.Service("web");
        var before = store.Snapshot();

        await store.UpdateAsync(tx =>
        {
            tx.Services.Create(web);
            Assert.Equal(web.Id, tx.Services.GetByName("WEB")!.Id);
            Assert.Single(tx.Services.All());
            Assert.Null(store.Snapshot().Services.Get(web.Id));
        });

        Assert.Equal(0, before.Services.Count);
    }

    [Fact]
    public async Task CreateThenUpdate_SameTransaction_CommitsOneCreateWithLatestValue()
    {
        var web = StoreObjects.Service("web");
        using var watch = store.ViewAndWatch();

        await store.UpdateAsync(tx =>
        {
            tx.Services.Create(web);
            var created = tx.Services.Get(web.Id)!;
            tx.Services.Update(created with { SpecVersion = 5 });
        });

        var events = await watch.Events.ReadThroughAsync(1);
        Assert.Equal([EventKind.Create, EventKind.Commit], events.Select(e => e.Kind));
        Assert.Equal(5UL, ((Service)events[0].Object!).SpecVersion);
        Assert.Equal(1UL, store.Snapshot().Services.Get(web.Id)!.Meta.Version);
    }

    [Fact]
    public async Task CreateThenDelete_SameTransaction_CommitsNothing()
    {
        var web = StoreObjects.Service("web");

        await store.UpdateAsync(tx =>
        {
            tx.Services.Create(web);
            tx.Services.Delete(web.Id);
            Assert.Null(tx.Services.Get(web.Id));
        });

        Assert.Equal(0UL, store.Version);
    }

    [Fact]
    public async Task UpdateTwice_SameTransaction_ChecksVersionReadBeforeTransaction()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];

        await store.UpdateAsync(tx =>
        {
            tx.Services.Update(web with { SpecVersion = 1 });
            tx.Services.Update(tx.Services.Get(web.Id)! with { SpecVersion = 2 });
        });

        var stored = store.Snapshot().Services.Get(web.Id)!;
        Assert.Equal((2UL, 2UL), (stored.SpecVersion, stored.Meta.Version));
    }

    [Fact]
    public async Task UpdateThenDelete_SameTransaction_CommitsDelete()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];
        using var watch = store.ViewAndWatch();

        await store.UpdateAsync(tx =>
        {
            tx.Services.Update(web with { SpecVersion = 1 });
            tx.Services.Delete(tx.Services.Get(web.Id)!);
        });

        var events = await watch.Events.ReadThroughAsync(2);
        Assert.Equal([EventKind.Delete, EventKind.Commit], events.Select(e => e.Kind));
        Assert.Null(store.Snapshot().Services.Get(web.Id));
    }

    [Fact]
    public async Task DeleteThenCreate_SameTransaction_ThrowsInvalidSpec()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];

        await Assert.ThrowsAsync<InvalidSpecException>(() => store.UpdateAsync(tx =>
        {
            tx.Services.Delete(web.Id);
            tx.Services.Create(web);
        }));

        Assert.Same(web, store.Snapshot().Services.Get(web.Id));
    }

    [Fact]
    public async Task DeleteThenCreate_CaughtInsideTransaction_ReadsStillSeeTheDelete()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];

        await store.UpdateAsync(tx =>
        {
            tx.Services.Delete(web.Id);
            Assert.Throws<InvalidSpecException>(() => tx.Services.Create(web));
            // What the transaction reads must be what it commits.
            Assert.Null(tx.Services.Get(web.Id));
        });

        Assert.Null(store.Snapshot().Services.Get(web.Id));
    }

    [Fact]
    public async Task FailedChange_CaughtInsideTransaction_OtherChangesCommit()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];
        var db = StoreObjects.Service("db");

        await store.UpdateAsync(tx =>
        {
            Assert.Throws<NameConflictException>(() => tx.Services.Create(StoreObjects.Service("web")));
            tx.Services.Create(db);
        });

        Assert.Equal(2, store.Snapshot().Services.Count);
        Assert.Same(web, store.Snapshot().Services.Get(web.Id));
    }

    private static void CreateNamed(Store.Transactions.WriteTransaction tx, string kind, string name)
    {
        switch (kind)
        {
            case "service": tx.Services.Create(StoreObjects.Service(name)); break;
            case "network": tx.Networks.Create(StoreObjects.Network(name)); break;
            case "secret": tx.Secrets.Create(StoreObjects.Secret(name)); break;
            case "config": tx.Configs.Create(StoreObjects.Config(name)); break;
            default: tx.Clusters.Create(StoreObjects.Cluster(name)); break;
        }
    }
}
