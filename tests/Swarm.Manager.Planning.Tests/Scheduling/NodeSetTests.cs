using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using static Swarm.Manager.Planning.Tests.Scheduling.TestCluster;

namespace Swarm.Manager.Planning.Tests.Scheduling;

public sealed class NodeSetTests
{
    [Fact]
    public void Build_AssignedThroughRunning_CountAndReserve()
    {
        var set = Set([Node("n1", memory: 8 * GiB, nanoCpus: 4_000_000_000)],
            Task("a", node: "n1", state: TaskState.Assigned, memory: GiB),
            Task("b", node: "n1", state: TaskState.Running, memory: GiB, nanoCpus: 1_000_000_000),
            Task("c", service: "other", node: "n1", state: TaskState.Preparing, hostPort: 8080));

        var info = set.Find("n1")!;

        Assert.Equal(3, info.ActiveTasks);
        Assert.Equal(2, info.ActiveTasksOf("svc"));
        Assert.Equal(1, info.ActiveTasksOf("other"));
        Assert.Equal(6 * GiB, info.AvailableMemoryBytes);
        Assert.Equal(3_000_000_000, info.AvailableNanoCpus);
        Assert.True(info.IsHostPortInUse(PortProtocol.Tcp, 8080));
        Assert.False(info.IsHostPortInUse(PortProtocol.Udp, 8080));
    }

    [Fact]
    public void Build_FinishedAndPreassignedPendingTasks_Ignored()
    {
        var set = Set([Node("n1", memory: 8 * GiB)],
            Task("done", node: "n1", state: TaskState.Complete, memory: GiB),
            Task("down", node: "n1", state: TaskState.Shutdown, memory: GiB),
            Task("global", node: "n1", state: TaskState.Pending, memory: GiB),
            Task("unplaced", state: TaskState.Pending, memory: GiB));

        var info = set.Find("n1")!;

        Assert.Equal(0, info.ActiveTasks);
        Assert.Equal(8 * GiB, info.AvailableMemoryBytes);
    }

    [Fact]
    public void Build_RunningTaskBeingShutDown_ReservesButIsNotActive()
    {
        var set = Set([Node("n1", memory: 8 * GiB)],
            Task("old", node: "n1", state: TaskState.Running, desired: TaskState.Shutdown, memory: GiB));

        var info = set.Find("n1")!;

        Assert.Equal(0, info.ActiveTasksOf("svc"));
        Assert.Equal(7 * GiB, info.AvailableMemoryBytes);
    }

    [Fact]
    public void Build_FailuresInsideWindow_CountPerServiceVersion()
    {
        var set = Set([Node("n1")],
            Task("f1", node: "n1", state: TaskState.Failed, timestamp: Now.AddMinutes(-1)),
            Task("f2", node: "n1", state: TaskState.Rejected, timestamp: Now.AddMinutes(-4)),
            Task("old", node: "n1", state: TaskState.Failed, timestamp: Now.AddMinutes(-6)),
            Task("v2", node: "n1", state: TaskState.Failed, specVersion: 2),
            Task("ok", node: "n1", state: TaskState.Complete));

        var info = set.Find("n1")!;

        Assert.Equal(2, info.RecentFailures("svc", 1));
        Assert.Equal(1, info.RecentFailures("svc", 2));
        Assert.Equal(0, info.RecentFailures("other", 1));
    }

    [Fact]
    public void Build_NodesInIdOrder_OrderIsRank()
    {
        var set = Set([Node("c"), Node("a"), Node("b")]);

        Assert.Equal(["a", "b", "c"], set.Nodes.Select(n => n.Id));
        Assert.Equal([0, 1, 2], set.Nodes.Select(n => n.Order));
        Assert.Null(set.Find("zz"));
    }

    [Fact]
    public void Build_TaskOnUnknownNode_Ignored()
    {
        var set = Set([Node("n1")], Task("a", node: "gone", state: TaskState.Running));

        Assert.Equal(0, set.Find("n1")!.ActiveTasks);
    }
}
