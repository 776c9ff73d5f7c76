using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Swarm.Api.Objects;
using Swarm.Engine.Images;
using Swarm.Engine.Images.Registry;
using Swarm.Engine.Runtime;
using Swarm.Exec;

namespace Swarm.Engine.Executor;

/// <summary>
/// Runs tasks as containers of the local engine: one <see cref="ContainerTaskController"/> per task, over the
/// shared runtime, image store and registry client.
/// </summary>
public sealed class EngineExecutor(
    ContainerRuntime runtime,
    ImageStore images,
    RegistryClient registry,
    EngineExecutorOptions options,
    ILogger<EngineExecutor> logger,
    TimeProvider? time = null) : IExecutor
{
    internal ContainerRuntime Runtime => runtime;

    internal ImageStore Images => images;

    internal RegistryClient Registry => registry;

    internal EngineExecutorOptions Options => options;

    /// <summary>The local volume store beside the containers (the same directory the Engine API uses).</summary>
    internal Volumes.VolumeStore Volumes { get; } = new(Path.Combine(runtime.Options.Root, "volumes"));

    internal ILogger Logger => logger;

    internal TimeProvider Time { get; } = time ?? TimeProvider.System;

    public Task<NodeDescription> DescribeAsync(CancellationToken cancellationToken) => Task.FromResult(new NodeDescription
    {
        Hostname = Environment.MachineName,
        Platform = new Platform { Architecture = Architecture(), OS = "linux" },
        Resources = new Resources
        {
            NanoCpus = Environment.ProcessorCount * 1_000_000_000L,
            MemoryBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        },
        EngineVersion = options.EngineVersion,
        EngineLabels = options.EngineLabels,
    });

    public ITaskController CreateController(SwarmTask task, TaskDependencies dependencies)
    {
        // Fails now (the agent rejects the task) when a secret or config the task needs was not sent.
        var files = TaskFiles.Resolve(task.Spec.ContainerSpec, dependencies);
        return new ContainerTaskController(this, task, files);
    }

    /// <summary>Ids of every container made for a task (by label), running or not.</summary>
    public IReadOnlyList<string> TaskContainers()
        => runtime.List().Where(c => c.Config.Labels.ContainsKey(TaskLabels.TaskId)).Select(c => c.Config.Id).ToList();

    /// <summary>Kills (if running) and removes a task's container: for a node leaving its swarm.</summary>
    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
        => runtime.RemoveAsync(containerId, force: true, cancellationToken);

    /// <summary>The container made for <paramref name="taskId"/>, found by label; null when there is none.</summary>
    internal ContainerInfo? FindContainer(string taskId)
        => runtime.List().FirstOrDefault(c => c.Config.Labels.TryGetValue(TaskLabels.TaskId, out var id) && id == taskId);

    private static string Architecture() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "x86_64",
        System.Runtime.InteropServices.Architecture.Arm64 => "aarch64",
        var other => other.ToString().ToLowerInvariant(),
    };
}
