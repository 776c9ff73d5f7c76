using Swarm.Api.Objects;
using Swarm.Store.Transactions;

namespace Swarm.Store.Tests.Transactions;

public sealed class TaskQueriesTests
{
    private readonly MemoryStore store = new();
    private readonly string web = Ids.New();
    private readonly string db = Ids.New();
    private readonly string node1 = Ids.New();
    private readonly string node2 = Ids.New();

    [Fact]
    public async Task ByService_ReturnsOnlyThatServicesTasks()
    {
        var tasks = await store.CreateAsync(
            StoreObjects.TaskOf(web, 1), StoreObjects.TaskOf(web, 2), StoreObjects.TaskOf(db, 1));

        var found = store.Snapshot().Tasks.ByService(web).Select(t => t.Id).ToHashSet();

        Assert.Equal(new HashSet<string> { tasks[0].Id, tasks[1].Id }, found);
        Assert.Empty(store.Snapshot().Tasks.ByService(Ids.New()));
    }

    [Fact]
    public async Task ByNode_UnassignedTasks_AreNotIndexed()
    {
        var tasks = await store.CreateAsync(
            StoreObjects.TaskOf(web, 1, node1), StoreObjects.TaskOf(web, 2, node2), StoreObjects.TaskOf(web, 3));

        Assert.Equal([tasks[0].Id], store.Snapshot().Tasks.ByNode(node1).Select(t => t.Id));
        Assert.Empty(store.Snapshot().Tasks.ByNode(""));
    }

    [Fact]
    public async Task BySlot_KeysOnServiceAndSlot()
    {
        var tasks = await store.CreateAsync(
            StoreObjects.TaskOf(web, 1), StoreObjects.TaskOf(web, 1), StoreObjects.TaskOf(web, 2), StoreObjects.TaskOf(db, 1));

        var slot1 = store.Snapshot().Tasks.BySlot(web, 1).Select(t => t.Id).ToHashSet();

        Assert.Equal(new HashSet<string> { tasks[0].Id, tasks[1].Id }, slot1);
        Assert.Equal([tasks[3].Id], store.Snapshot().Tasks.BySlot(db, 1).Select(t => t.Id));
    }

    [Fact]
    public async Task ByDesiredState_ReturnsTasksWithThatState()
    {
        var tasks = await store.CreateAsync(
            StoreObjects.TaskOf(web, 1, desired: TaskState.Running), StoreObjects.TaskOf(web, 2, desired: TaskState.Shutdown));

        Assert.Equal([tasks[1].Id], store.Snapshot().Tasks.ByDesiredState(TaskState.Shutdown).Select(t => t.Id));
        Assert.Empty(store.Snapshot().Tasks.ByDesiredState(TaskState.Remove));
    }

    [Fact]
    public async Task ByRole_ReturnsNodesWithCurrentRole()
    {
        var nodes = await store.CreateAsync(StoreObjects.Node(NodeRole.Manager), StoreObjects.Node(NodeRole.Worker));

        Assert.Equal([nodes[0].Id], store.Snapshot().Nodes.ByRole(NodeRole.Manager).Select(n => n.Id));
        Assert.Equal([nodes[1].Id], store.Snapshot().Nodes.ByRole(NodeRole.Worker).Select(n => n.Id));
    }

    [Fact]
    public async Task Indexes_ObjectUpdated_FollowNewKeys()
    {
        var task = (await store.CreateAsync(StoreObjects.TaskOf(web, 1, node1)))[0];

        await store.UpdateAsync(tx => tx.Tasks.Update(task with { NodeId = node2, DesiredState = TaskState.Shutdown, Slot = 4 }));

        var tasks = store.Snapshot().Tasks;
        Assert.Empty(tasks.ByNode(node1));
        Assert.Single(tasks.ByNode(node2));
        Assert.Empty(tasks.BySlot(web, 1));
        Assert.Single(tasks.BySlot(web, 4));
        Assert.Empty(tasks.ByDesiredState(TaskState.Running));
        Assert.Single(tasks.ByDesiredState(TaskState.Shutdown));
        Assert.Equal(TaskState.Shutdown, tasks.ByNode(node2).Single().DesiredState);
    }

    [Fact]
    public async Task Indexes_ObjectDeleted_DropIt()
    {
        var stored = await store.CreateAsync(StoreObjects.TaskOf(web, 1, node1), StoreObjects.TaskOf(web, 2, node1));

        await store.UpdateAsync(tx => tx.Tasks.Delete(stored[0].Id));

        var tasks = store.Snapshot().Tasks;
        Assert.Equal([stored[1].Id], tasks.ByService(web).Select(t => t.Id));
        Assert.Equal([stored[1].Id], tasks.ByNode(node1).Select(t => t.Id));
        Assert.Empty(tasks.BySlot(web, 1));
    }

    [Fact]
    public async Task Indexes_NodeRoleChanged_MovesNode()
    {
        var node = (await store.CreateAsync(StoreObjects.Node(NodeRole.Worker)))[0];

        await store.UpdateAsync(tx => tx.Nodes.Update(node with { Role = NodeRole.Manager }));

        Assert.Empty(store.Snapshot().Nodes.ByRole(NodeRole.Worker));
        Assert.Single(store.Snapshot().Nodes.ByRole(NodeRole.Manager));
    }

    [Fact]
    public async Task Indexes_InsideTransaction_SeeOwnChanges()
    {
        var task = StoreObjects.TaskOf(web, 1, node1);

        await store.UpdateAsync(tx =>
        {
            tx.Tasks.Create(task);
            Assert.Single(tx.Tasks.ByNode(node1));
            tx.Tasks.Update(tx.Tasks.Get(task.Id)! with { NodeId = node2 });
            Assert.Empty(tx.Tasks.ByNode(node1));
            Assert.Single(tx.Tasks.ByNode(node2));
        });

        Assert.Single(store.Snapshot().Tasks.ByNode(node2));
    }

    [Fact]
    public async Task Indexes_OldSnapshot_KeepsOldKeys()
    {
        var task = (await store.CreateAsync(StoreObjects.TaskOf(web, 1, node1)))[0];
        var before = store.Snapshot();

        await store.UpdateAsync(tx => tx.Tasks.Update(task with { NodeId = node2 }));

        Assert.Single(before.Tasks.ByNode(node1));
        Assert.Empty(before.Tasks.ByNode(node2));
    }
}
