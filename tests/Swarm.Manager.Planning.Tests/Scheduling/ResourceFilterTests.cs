using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using static Swarm.Manager.Planning.Tests.Scheduling.TestCluster;

namespace Swarm.Manager.Planning.Tests.Scheduling;

public sealed class ResourceFilterTests
{
    [Fact]
    public void SetTask_NoReservations_Disabled()
    {
        Assert.False(new ResourceFilter().SetTask(Task("t1")));
    }

    [Fact]
    public void Check_ReservationFitsWhatIsLeft_Accepts()
    {
        var filter = new ResourceFilter();
        filter.SetTask(Task("t1", memory: 2 * GiB));
        var node = Info(Node("n1", memory: 4 * GiB), Task("old", node: "n1", state: TaskState.Running, memory: 2 * GiB));

        Assert.True(filter.Check(node));
    }

    [Fact]
    public void Check_MemoryTakenByPlacedTasks_Rejects()
    {
        var filter = new ResourceFilter();
        filter.SetTask(Task("t1", memory: 2 * GiB));
        var node = Info(Node("n1", memory: 4 * GiB), Task("old", node: "n1", state: TaskState.Running, memory: 3 * GiB));

        Assert.False(filter.Check(node));
    }

    [Fact]
    public void Check_NotEnoughCpu_Rejects()
    {
        var filter = new ResourceFilter();
        filter.SetTask(Task("t1", nanoCpus: 5_000_000_000));

        Assert.False(filter.Check(Info(Node("n1", nanoCpus: 4_000_000_000))));
    }

    [Fact]
    public void Explain_Counts_SingularAndPlural()
    {
        var filter = new ResourceFilter();

        Assert.Equal("insufficient resources on 1 node", filter.Explain(1));
        Assert.Equal("insufficient resources on 2 nodes", filter.Explain(2));
    }
}
