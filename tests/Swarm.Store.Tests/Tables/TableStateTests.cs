using Swarm.Api.Objects;
using Swarm.Store.Tables;

namespace Swarm.Store.Tests.Tables;


public sealed class TableStateTests
{
    [Fact]
    public void Put_ReturnsNewTable_OldOneUnchanged()
    {
        var empty = TableState.Empty(ObjectKind.Service);
        var web = StoreObjects.Service("web");

        var one = empty.Put(web);

        Assert.Empty(empty.ById);
        Assert.Empty(empty.ByName);
        Assert.Same(web, one.Get(web.Id));
        Assert.Equal(web.Id, one.ByName["WEB"]);
    }

    [Fact]
    public void Put_Renamed_MovesName()
    {
        var web = StoreObjects.Service("web");
        var table = TableState.Empty(ObjectKind.Service).Put(web);

        table = table.Put(web with { Spec = web.Spec with { Name = "api" } });

        Assert.False(table.ByName.ContainsKey("web"));
        Assert.Equal(web.Id, table.ByName["api"]);
    }

    [Fact]
    public void Put_RenamedOnlyInCase_KeepsNameThenFreesItOnNextRename()
    {
        var web = StoreObjects.Service("web");
        var table = TableState.Empty(ObjectKind.Service).Put(web);

        table = table.Put(web with { Spec = web.Spec with { Name = "Web" } });
        Assert.Equal(web.Id, table.ByName["web"]);
        table = table.Put(web with { Spec = web.Spec with { Name = "api" } });

        Assert.Single(table.ByName);
        Assert.False(table.ByName.ContainsKey("WEB"));
    }

    [Fact]
    public void Remove_DropsObjectNameAndIndexKeys()
    {
        var serviceId = Ids.New();
        var task = StoreObjects.TaskOf(serviceId, 3, "node-1");
        var table = TableState.Empty(ObjectKind.Task).Put(task);

        var removed = table.Remove(task.Id);

        Assert.Null(removed.Get(task.Id));
        Assert.Empty(removed.Lookup(Schema.TasksByService, serviceId));
        Assert.Empty(removed.Lookup(Schema.TasksByNode, "node-1"));
        Assert.Single(table.Lookup(Schema.TasksByNode, "node-1"));
    }

    [Fact]
    public void Remove_Missing_ReturnsSameTable()
    {
        var table = TableState.Empty(ObjectKind.Node).Put(StoreObjects.Node());

        Assert.Same(table, table.Remove(Ids.New()));
    }

    [Fact]
    public void Lookup_UnknownIndex_Throws()
    {
        Assert.Throws<ArgumentException>(() => TableState.Empty(ObjectKind.Node).Lookup(Schema.TasksByNode, "x"));
    }

    [Fact]
    public void Empty_KindWithoutIndexes_HasNoDefinitions()
    {
        Assert.Empty(TableState.Empty(ObjectKind.Secret).Definitions);
        Assert.Equal(4, TableState.Empty(ObjectKind.Task).Definitions.Count);
    }

    [Fact]
    public void KindOf_EveryObjectType_MatchesItsTable()
    {
        Assert.Equal(ObjectKind.Cluster, Schema.KindOf(StoreObjects.Cluster()));
        Assert.Equal(ObjectKind.Node, Schema.KindOf(StoreObjects.Node()));
        Assert.Equal(ObjectKind.Service, Schema.KindOf(StoreObjects.Service()));
        Assert.Equal(ObjectKind.Task, Schema.KindOf(StoreObjects.TaskOf("s")));
        Assert.Equal(ObjectKind.Network, Schema.KindOf(StoreObjects.Network()));
        Assert.Equal(ObjectKind.Secret, Schema.KindOf(StoreObjects.Secret()));
        Assert.Equal(ObjectKind.Config, Schema.KindOf(StoreObjects.Config()));
        Assert.Equal(ObjectKind.Task, Schema.KindOf<SwarmTask>());
        Assert.Equal(ObjectKind.Node, Schema.KindOf<Node>());
    }

    [Fact]
    public void Noun_Task_IsLowercaseWord()
    {
        Assert.Equal("task", Schema.Noun(ObjectKind.Task));
        Assert.Equal("service", Schema.Noun(ObjectKind.Service));
    }
}
