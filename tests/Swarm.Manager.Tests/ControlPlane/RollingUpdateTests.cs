using Swarm.Api.Objects;
using Swarm.Testing;
using Swarm.Testing.ControlPlane;

namespace Swarm.Manager.Tests.ControlPlane;

/// <summary>Rolling updates across the whole control plane: the updater on the leader, tasks run by real agents.</summary>
public sealed class RollingUpdateTests
{
    private static readonly UpdateConfig OneAtATime = new()
    {
        Parallelism = 1, Monitor = TimeSpan.FromSeconds(1), FailureAction = FailureAction.Rollback,
    };

    [Fact]
    public async Task FailingNewVersion_RolledBackAutomatically_OldVersionRunsEverywhere()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 5, TimeSpan.FromSeconds(1));
        var service = Services.Replicated("web", 4);
        service = service with
        {
            Spec = service.Spec with
            {
                TaskTemplate = service.Spec.TaskTemplate with { RestartPolicy = new RestartPolicy { Condition = RestartCondition.None } },
                UpdateConfig = OneAtATime,
                RollbackConfig = OneAtATime with { FailureAction = FailureAction.Pause },
            },
        };
        var store = await cluster.StoreAsync();
        await store.UpdateAsync(tx => tx.Services.Create(service));
        await ControlPlaneTests.ConvergedAsync(cluster, service.Id, 4);

        // The new version's containers exit with code 1 as soon as they start.
        await store.UpdateAsync(tx =>
        {
            var current = tx.Services.Get(service.Id)!;
            tx.Services.Update(current with
            {
                Spec = current.Spec with
                {
                    TaskTemplate = current.Spec.TaskTemplate with { ContainerSpec = new ContainerSpec { Image = "fake/exit-1" } },
                },
                PreviousSpec = current.Spec,
                SpecVersion = current.SpecVersion + 1,
                UpdateStatus = null,
            });
        });

        await Eventually.TrueAsync(
            () => store.Snapshot().Services.Get(service.Id)?.UpdateStatus?.State == UpdateState.RollbackCompleted,
            ControlPlaneCluster.Patience, "the rollback to complete");
        await ControlPlaneTests.ConvergedAsync(cluster, service.Id, 4);
        var rolledBack = store.Snapshot().Services.Get(service.Id)!;
        Assert.Equal("fake/app:1", rolledBack.Spec.TaskTemplate.ContainerSpec.Image);
        Assert.All(store.LiveTasks(service.Id), t => Assert.Equal("fake/app:1", t.Spec.ContainerSpec.Image));
        Assert.All(cluster.Workers.SelectMany(w => w.Executor.Running), c => Assert.NotEqual("fake/exit-1", c.Image));
    }
}
