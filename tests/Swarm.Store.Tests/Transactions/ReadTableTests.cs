using Swarm.Api.Errors;
using Swarm.Api.Objects;

namespace Swarm.Store.Tests.Transactions;

public sealed class ReadTableTests
{
    private readonly MemoryStore store = new();

    [Fact]
    public async Task Get_KnownAndUnknownId_ReturnsObjectOrNull()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];

        Assert.Same(web, store.Snapshot().Services.Get(web.Id));
        Assert.Null(store.Snapshot().Services.Get(Ids.New()));
    }

    [Fact]
    public async Task GetByName_AnyCase_Finds()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("Web-Front")))[0];

        Assert.Same(web, store.Snapshot().Services.GetByName("web-front"));
        Assert.Same(web, store.Snapshot().Services.GetByName("WEB-FRONT"));
        Assert.Null(store.Snapshot().Services.GetByName("web"));
    }

    [Fact]
    public async Task Resolve_FullId_Finds()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];

        Assert.Same(web, store.Snapshot().Services.Resolve(web.Id));
    }

    [Fact]
    public async Task Resolve_NameIgnoringCase_Finds()
    {
        var web = (await store.CreateAsync(StoreObjects.Service("web")))[0];

        Assert.Same(web, store.Snapshot().Services.Resolve("WeB"));
    }

    [Fact]
    public async Task Resolve_UniqueIdPrefix_Finds()
    {
        var stored = await store.CreateAsync(
            StoreObjects.Service("a") with { Id = "abc" + Ids.New()[3..] },
            StoreObjects.Service("b") with { Id = "abd" + Ids.New()[3..] });

        Assert.Same(stored[0], store.Snapshot().Services.Resolve("abc"));
        Assert.Same(stored[1], store.Snapshot().Services.Resolve("abd"));
    }

    [Fact]
    public async Task Resolve_AmbiguousPrefix_ThrowsInvalidSpec()
    {
        await store.CreateAsync(
            StoreObjects.Service("a") with { Id = "abc" + Ids.New()[3..] },
            StoreObjects.Service("b") with { Id = "abd" + Ids.New()[3..] });

        Assert.Throws<InvalidSpecException>(() => store.Snapshot().Services.Resolve("ab"));
    }

    [Fact]
    public async Task Resolve_NameThatIsAlsoAPrefix_PrefersName()
    {
        var stored = await store.CreateAsync(
            StoreObjects.Service("x") with { Id = "abc" + Ids.New()[3..] },
            StoreObjects.Service("y") with { Id = "abd" + Ids.New()[3..] },
            StoreObjects.Service("ab"));

        Assert.Same(stored[2], store.Snapshot().Services.Resolve("ab"));
    }

    [Fact]
    public async Task Resolve_FullIdThatIsAlsoAnotherIdsPrefix_PrefersExactId()
    {
        var stored = await store.CreateAsync(
            StoreObjects.Service("x") with { Id = "abc" },
            StoreObjects.Service("y") with { Id = "abcd" });

        Assert.Same(stored[0], store.Snapshot().Services.Resolve("abc"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("zzz")]
    public async Task Resolve_NothingMatches_ReturnsNull(string query)
    {
        await store.CreateAsync(StoreObjects.Service("web") with { Id = "abc" + Ids.New()[3..] });

        Assert.Null(store.Snapshot().Services.Resolve(query));
    }

    [Fact]
    public async Task Resolve_PrefixInOtherCase_ReturnsNull()
    {
        await store.CreateAsync(StoreObjects.Service("web") with { Id = "abc" + Ids.New()[3..] });

        Assert.Null(store.Snapshot().Services.Resolve("ABC"));
    }

    [Fact]
    public async Task All_ListsEveryObjectSortedById()
    {
        var stored = await store.CreateAsync(StoreObjects.Node(), StoreObjects.Node(), StoreObjects.Node());

        var all = store.Snapshot().Nodes.All().ToList();

        Assert.Equal(stored.Select(n => n.Id).Order(StringComparer.Ordinal), all.Select(n => n.Id));
        Assert.Equal(3, store.Snapshot().Nodes.Count);
    }

    [Fact]
    public async Task Find_UnknownIndex_ThrowsArgumentException()
    {
        await store.CreateAsync(StoreObjects.Service("web"));

        Assert.Throws<ArgumentException>(() => store.Snapshot().Services.Find("name", "web").ToList());
    }

    [Fact]
    public async Task Tables_ObjectsOfEachKind_LandInTheirOwnTable()
    {
        await store.CreateOneOfEachKindAsync();

        var read = store.Snapshot();
        Assert.All(
            new[] { read.Clusters.Count, read.Nodes.Count, read.Services.Count, read.Tasks.Count, read.Networks.Count, read.Secrets.Count, read.Configs.Count },
            count => Assert.Equal(1, count));
    }
}
