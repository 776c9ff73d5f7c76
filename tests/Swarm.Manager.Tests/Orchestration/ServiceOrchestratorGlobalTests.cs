using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Objects;
using Swarm.Manager.Orchestration;

namespace Swarm.Manager.Tests.Orchestration;

public sealed class ServiceOrchestratorGlobalTests
{
    private static RunningLoop Start(OrchestrationWorld world)
        => new(new ServiceOrchestrator(world.Store, world.Time, NullLogger<ServiceOrchestrator>.Instance).RunAsync);

    [Fact]
    public async Task RunAsync_GlobalService_FollowsNodesAsTheyDrainAndJoin()
    {
        var world = new OrchestrationWorld();
        string[] nodes = [await world.AddNodeAsync(), await world.AddNodeAsync(), await world.AddNodeAsync()];
        await using var loop = Start(world);
        var id = await world.CreateServiceAsync(OrchestrationWorld.Global("agent"));

        await world.UntilAsync(() => world.Tasks(id).Count == 3, "one task per node");
        Assert.Equal(nodes.Order(StringComparer.Ordinal), world.Tasks(id).Select(t => t.NodeId).Order(StringComparer.Ordinal));
        Assert.All(world.Tasks(id), t => Assert.Equal(TaskState.Running, t.DesiredState));
        Assert.All(world.Tasks(id), t => Assert.Equal(0UL, t.Slot));

        await world.SetAvailabilityAsync(nodes[1], NodeAvailability.Drain);
        await world.UntilAsync(
            () => world.Tasks(id).Single(t => t.NodeId == nodes[1]).DesiredState == TaskState.Shutdown,
            "the drained node's task shut down");
        Assert.Equal(2, world.LiveTasks(id).Count);

        var added = await world.AddNodeAsync();
        await world.UntilAsync(() => world.LiveTasks(id).Any(t => t.NodeId == added), "a task on the new node");
        Assert.Equal(3, world.LiveTasks(id).Count);
    }

    [Fact]
    public async Task RunAsync_GlobalServiceWithConstraint_SkipsNodesThatDoNotMatch()
    {
        var world = new OrchestrationWorld();
        var plain = await world.AddNodeAsync();
        var labelled = await world.AddNodeAsync();
        await world.Store.UpdateAsync(tx =>
        {
            var node = tx.Nodes.Get(labelled)!;
            tx.Nodes.Update(node with
            {
                Spec = node.Spec with { Labels = new Dictionary<string, string> { ["zone"] = "a" } },
            });
        });
        await using var loop = Start(world);

        var spec = OrchestrationWorld.Global("agent") with
        {
            TaskTemplate = new TaskSpec { Placement = new Placement { Constraints = ["node.labels.zone==a"] } },
        };
        var id = await world.CreateServiceAsync(spec);

        await world.UntilAsync(() => world.Tasks(id).Count == 1, "one task");
        Assert.Equal(labelled, world.Tasks(id)[0].NodeId);
        Assert.DoesNotContain(world.Tasks(id), t => t.NodeId == plain);
    }
}
