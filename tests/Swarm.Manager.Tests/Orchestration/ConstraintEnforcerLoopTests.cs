using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Objects;
using Swarm.Manager.Orchestration;

namespace Swarm.Manager.Tests.Orchestration;

public sealed class ConstraintEnforcerLoopTests
{
    private static Task LabelAsync(OrchestrationWorld world, string nodeId, string zone)
        => world.Store.UpdateAsync(tx =>
        {
            var node = tx.Nodes.Get(nodeId)!;
            tx.Nodes.Update(node with { Spec = node.Spec with { Labels = new Dictionary<string, string> { ["zone"] = zone } } });
        });

    /// <summary>What the scheduler and the agent do: put the task on a node and run it.</summary>
    private static Task PlaceAndRunAsync(OrchestrationWorld world, string taskId, string nodeId)
        => world.Store.UpdateAsync(tx =>
        {
            var task = tx.Tasks.Get(taskId)!;
            tx.Tasks.Update(task with
            {
                NodeId = nodeId,
                Status = task.Status with { State = TaskState.Running, Timestamp = tx.Timestamp },
            });
        });

    [Fact]
    public async Task RunAsync_NodeStopsMatching_RejectsItsTaskAndOrchestratorReplacesIt()
    {
        var world = new OrchestrationWorld();
        var node = await world.AddNodeAsync();
        await LabelAsync(world, node, "a");
        var spec = OrchestrationWorld.Replicated("web", 1, new RestartPolicy { Delay = TimeSpan.Zero });
        spec = spec with
        {
            TaskTemplate = spec.TaskTemplate with { Placement = new Placement { Constraints = ["node.labels.zone==a"] } },
        };
        var enforcer = new ConstraintEnforcerLoop(world.Store, world.Time, NullLogger<ConstraintEnforcerLoop>.Instance);
        var orchestrator = new ServiceOrchestrator(world.Store, world.Time, NullLogger<ServiceOrchestrator>.Instance);
        await using var enforcing = new RunningLoop(enforcer.RunAsync);
        await using var orchestrating = new RunningLoop(orchestrator.RunAsync);
        var id = await world.CreateServiceAsync(spec);
        await world.UntilAsync(() => world.Tasks(id).Count == 1, "1 task");
        var placed = world.Tasks(id)[0];
        await PlaceAndRunAsync(world, placed.Id, node);
        await Task.Delay(150);
        Assert.Equal(TaskState.Running, world.Tasks(id).Single().Status.State);

        await LabelAsync(world, node, "b");

        await world.UntilAsync(
            () => world.Tasks(id).Any(t => t.Id != placed.Id && t.DesiredState == TaskState.Running),
            "a replacement for the rejected task");
        var old = world.Tasks(id).Single(t => t.Id == placed.Id);
        Assert.Equal(TaskState.Rejected, old.Status.State);
        Assert.Equal(TaskState.Shutdown, old.DesiredState);
    }
}
