using Swarm.Api.Objects;
using Swarm.Manager.Planning.Updating;
using static Swarm.Manager.Planning.Tests.Updating.UpdateFixtures;

namespace Swarm.Manager.Planning.Tests.Updating;

public class UpdateReconcilerScenarioTests
{
    private static bool Live(SwarmTask t) => t.DesiredState <= TaskState.Running;

    [Fact]
    public void Reconcile_FullStopFirstUpdate_ReplacesOneSlotAtATimeThenCompletes()
    {
        var clock = Clock();
        var sim = new UpdateSimulation(Updated(replicas: 3), OldTasks(3), clock);

        sim.RunUntil(s => s == UpdateState.Completed);

        Assert.Equal(UpdateState.Completed, sim.Service.UpdateStatus!.State);
        Assert.All(sim.Tasks.Where(Live), t => Assert.Equal(2UL, t.SpecVersion));
        Assert.Equal([1UL, 2UL, 3UL], sim.Tasks.Where(Live).Select(t => t.Slot).Order());
        Assert.All(sim.InFlight, n => Assert.InRange(n, 0, 1));
        Assert.True(sim.Service.UpdateStatus.CompletedAt >= sim.Service.UpdateStatus.StartedAt!.Value.AddSeconds(5));
    }

    [Fact]
    public void Reconcile_FullStartFirstUpdate_NeverDropsBelowReplicaCount()
    {
        var clock = Clock();
        var service = Updated(replicas: 3, update: new UpdateConfig { Order = UpdateOrder.StartFirst, Parallelism = 2 });
        var sim = new UpdateSimulation(service, OldTasks(3), clock);

        for (var i = 0; i < 50 && sim.Service.UpdateStatus?.State != UpdateState.Completed; i++)
        {
            sim.Tick();
            Assert.True(sim.Tasks.Count(t => t.Status.State == TaskState.Running) >= 3);
        }

        Assert.Equal(UpdateState.Completed, sim.Service.UpdateStatus!.State);
        Assert.Equal(3, sim.Tasks.Count(t => Live(t) && t.SpecVersion == 2));
    }

    [Fact]
    public void Reconcile_FailingUpdateWithRollback_RollsBackToPreviousSpecAndCompletes()
    {
        var clock = Clock();
        var service = Updated(replicas: 3, update: new UpdateConfig { FailureAction = FailureAction.Rollback });
        var sim = new UpdateSimulation(service, OldTasks(3), clock) { Fails = t => t.SpecVersion == 2 };

        sim.RunUntil(s => s is UpdateState.RollbackCompleted or UpdateState.RollbackPaused);

        Assert.Equal(UpdateState.RollbackCompleted, sim.Service.UpdateStatus!.State);
        Assert.Same(OldSpec, sim.Service.Spec);
        Assert.Equal(3UL, sim.Service.SpecVersion);
        Assert.All(sim.Tasks.Where(Live), t => Assert.Equal(3UL, t.SpecVersion));
        Assert.Equal(3, sim.Tasks.Count(Live));
    }

    [Fact]
    public void Reconcile_FailingRollback_PausesRollback()
    {
        var clock = Clock();
        var failFast = new UpdateConfig { FailureAction = FailureAction.Rollback };
        var service = Updated(replicas: 2, update: failFast, rollback: failFast);
        var sim = new UpdateSimulation(service, OldTasks(2), clock) { Fails = t => t.SpecVersion >= 2 };

        sim.RunUntil(s => s is UpdateState.RollbackCompleted or UpdateState.RollbackPaused);

        Assert.Equal(UpdateState.RollbackPaused, sim.Service.UpdateStatus!.State);
        Assert.Equal(3UL, sim.Service.SpecVersion);
    }
}
