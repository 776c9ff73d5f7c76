using Swarm.Api.Objects;
using Swarm.Manager.Scheduling;
using Swarm.Store.Watch;
using static Swarm.Manager.Tests.Scheduling.SchedulingFixtures;

namespace Swarm.Manager.Tests.Scheduling;

public sealed class SchedulerLoopTriggerTests
{
    private static StoreEvent Changed(ISwarmObject? before, ISwarmObject? after, ObjectKind kind = ObjectKind.Task)
        => new(after is null ? EventKind.Delete : before is null ? EventKind.Create : EventKind.Update, kind, after, before, 7);

    [Fact]
    public void IsTrigger_NewPendingTask_Triggers()
        => Assert.True(SchedulerLoop.IsTrigger(Changed(null, TestTask("t1")), waiting: false));

    [Fact]
    public void IsTrigger_OnlyTheErrorOfAPendingTaskChanged_DoesNotTrigger()
    {
        var before = TestTask("t1");
        var after = before with { Meta = new Meta { Version = 9 }, Status = before.Status with { Err = "no suitable node" } };

        Assert.False(SchedulerLoop.IsTrigger(Changed(before, after), waiting: true));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IsTrigger_NodeChanged_TriggersOnlyWhileTasksWait(bool waiting)
        => Assert.Equal(waiting, SchedulerLoop.IsTrigger(Changed(Node("n1", NodeState.Down), Node("n1"), ObjectKind.Node), waiting));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IsTrigger_TaskFreedItsNode_TriggersOnlyWhileTasksWait(bool waiting)
    {
        var running = TestTask("t1", TaskState.Running) with { NodeId = "n1" };
        var failed = running with { Status = running.Status with { State = TaskState.Failed } };

        Assert.Equal(waiting, SchedulerLoop.IsTrigger(Changed(running, failed), waiting));
    }

    [Fact]
    public void IsTrigger_TaskAssignedByTheScheduler_DoesNotTrigger()
    {
        var pending = TestTask("t1");
        var assigned = pending with { NodeId = "n1", Status = pending.Status with { State = TaskState.Assigned } };

        Assert.False(SchedulerLoop.IsTrigger(Changed(pending, assigned), waiting: true));
    }

    [Fact]
    public void IsTrigger_CommitMarker_DoesNotTrigger()
        => Assert.False(SchedulerLoop.IsTrigger(StoreEvent.Commit(7), waiting: true));
}
