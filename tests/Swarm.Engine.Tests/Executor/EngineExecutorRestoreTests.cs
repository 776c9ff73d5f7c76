using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Objects;
using Swarm.Engine.Executor;
using Swarm.Engine.Images;
using Swarm.Engine.Images.Registry;
using Swarm.Engine.Tests.Runtime;
using Swarm.Exec;

namespace Swarm.Engine.Tests.Executor;

/// <summary>Live restore: after an engine restart a new executor finds the task's container by label and adopts it.</summary>
[Trait("Requires", "root")]
public sealed class EngineExecutorRestoreTests(BusyboxRegistryFixture registry) : IClassFixture<BusyboxRegistryFixture>
{
    [Fact]
    public async Task CreateController_AfterEngineRestart_AdoptsRunningContainer()
    {
        await using var harness = new RuntimeHarness();
        using var client = new RegistryClient();
        var images = new ImageStore(harness.Sub("images"));
        var task = new SwarmTask
        {
            Id = Ids.New(),
            ServiceId = "svc",
            ServiceName = "svc",
            Slot = 1,
            Spec = new TaskSpec { ContainerSpec = new ContainerSpec { Image = registry.Busybox, Command = ["sleep", "300"], Init = true } },
            DesiredState = TaskState.Running,
        };
        var first = Executor(harness, images, client).CreateController(task, TaskDependencies.None);
        await first.PrepareAsync(CancellationToken.None);
        await first.StartAsync(CancellationToken.None);
        var before = await first.InspectAsync(CancellationToken.None);

        await harness.RestartAsync();
        var second = Executor(harness, images, client).CreateController(task, TaskDependencies.None);
        await second.PrepareAsync(CancellationToken.None);
        await second.StartAsync(CancellationToken.None);
        var after = await second.InspectAsync(CancellationToken.None);
        await second.ShutdownAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var exit = await second.WaitAsync(bound.Token);
        await second.RemoveAsync(CancellationToken.None);

        Assert.Equal(before!.ContainerId, after!.ContainerId);
        Assert.Equal(before.Pid, after.Pid);
        Assert.NotNull(exit);
        Assert.Empty(harness.Runtime.List());
    }

    private static EngineExecutor Executor(RuntimeHarness harness, ImageStore images, RegistryClient client)
        => new(harness.Runtime, images, client, new EngineExecutorOptions(), NullLogger<EngineExecutor>.Instance);
}
