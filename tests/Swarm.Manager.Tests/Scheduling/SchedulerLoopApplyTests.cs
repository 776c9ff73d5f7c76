using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using Swarm.Store;
using static Swarm.Manager.Tests.Scheduling.SchedulingFixtures;

namespace Swarm.Manager.Tests.Scheduling;

/// <summary>The loop's write against a plan made from an older snapshot, as when another writer races it.</summary>
public sealed class SchedulerLoopApplyTests
{
    [Fact]
    public async Task ApplyAsync_TaskChangedSincePlanned_IsNotOverwritten()
    {
        var store = new MemoryStore();
        await store.AddAsync([Node("n1")], [TestTask("t1"), TestTask("t2", slot: 2)]);
        var planned = store.Snapshot();
        var plan = SchedulingPlanner.Plan(planned.Nodes.All().ToArray(), planned.Tasks.All().ToArray(), TimeProvider.System);
        Assert.Equal(2, plan.Assignments.Count);
        await store.UpdateAsync(tx => tx.Tasks.Update(tx.Tasks.Get("t1")! with { DesiredState = TaskState.Shutdown }));

        Assert.True(await Scheduler(store).ApplyAsync(planned, plan, CancellationToken.None));

        var t1 = store.Snapshot().Tasks.Get("t1")!;
        Assert.Equal((TaskState.Pending, TaskState.Shutdown, ""), (t1.Status.State, t1.DesiredState, t1.NodeId));
        Assert.Equal(TaskState.Assigned, store.Snapshot().Tasks.Get("t2")!.Status.State);
    }

    [Fact]
    public async Task ApplyAsync_SameExplanationTwice_WritesOnce()
    {
        var store = new MemoryStore();
        await store.AddAsync([], [TestTask("t1")]);
        var loop = Scheduler(store);
        var plan = new SchedulingPlan([], [new UnschedulableTask("t1", "no suitable node")]);

        await loop.ApplyAsync(store.Snapshot(), plan, CancellationToken.None);
        var version = store.Version;
        await loop.ApplyAsync(store.Snapshot(), plan, CancellationToken.None);

        Assert.Equal(version, store.Version);
        Assert.Equal("no suitable node", store.Snapshot().Tasks.Get("t1")!.Status.Err);
    }

    [Fact]
    public async Task ApplyAsync_ManyAssignments_CommitsInBoundedTransactions()
    {
        var store = new MemoryStore();
        await store.AddAsync([Node("n1"), Node("n2")], []);
        foreach (var chunk in Tasks(450).Chunk(150))
            await store.AddAsync([], chunk);
        var planned = store.Snapshot();
        var plan = SchedulingPlanner.Plan(planned.Nodes.All().ToArray(), planned.Tasks.All().ToArray(), TimeProvider.System);
        var before = store.Version;

        await Scheduler(store).ApplyAsync(planned, plan, CancellationToken.None);

        Assert.All(store.AllTasks(), t => Assert.Equal(TaskState.Assigned, t.Status.State));
        Assert.Equal(before + 3, store.Version); // 200 + 200 + 50 changes (StoreLimits' default)
    }
}
