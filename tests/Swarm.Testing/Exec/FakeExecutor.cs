using System.Collections.Concurrent;
using Swarm.Api.Objects;
using Swarm.Exec;

namespace Swarm.Testing.Exec;

/// <summary>
/// An <see cref="IExecutor"/> whose tasks "run" in memory, scripted by image or environment (<see cref="FakeBehaviour"/>).
/// Containers are kept by task id, so an agent restarted with the same executor re-adopts its running tasks the way
/// the real engine does after a daemon restart. Tests look inside with <see cref="Container"/> and <see cref="Running"/>.
/// </summary>
public sealed class FakeExecutor(string hostname = "fake-node", TimeProvider? time = null) : IExecutor
{
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, FakeContainer> containers = new();
    private readonly ConcurrentDictionary<string, FakeBehaviour> scripts = new();
    private int removed;

    public IReadOnlyDictionary<string, string> EngineLabels { get; init; } = new Dictionary<string, string> { ["executor"] = "fake" };
    public Resources Resources { get; init; } = new() { NanoCpus = 4_000_000_000, MemoryBytes = 8L << 30 };

    /// <summary>Every task using <paramref name="image"/> behaves as given (overrides the FAKE_* environment).</summary>
    public void Script(string image, FakeBehaviour behaviour) => scripts[image] = behaviour;

    public FakeContainer? Container(string taskId) => containers.GetValueOrDefault(taskId);

    public IReadOnlyList<FakeContainer> Running
        => containers.Values.Where(c => c.State == FakeContainerState.Running).ToList();

    public int RemovedCount => Volatile.Read(ref removed);

    public Task<NodeDescription> DescribeAsync(CancellationToken cancellationToken) => Task.FromResult(new NodeDescription
    {
        Hostname = hostname,
        Platform = new Platform(),
        Resources = Resources,
        EngineVersion = "fake-1",
        EngineLabels = EngineLabels,
    });

    public ITaskController CreateController(SwarmTask task, TaskDependencies dependencies)
    {
        // Like the engine: a task that references a secret or config the agent does not hold cannot run.
        foreach (var secret in task.Spec.ContainerSpec.Secrets)
            dependencies.Secret(secret.ObjectId);
        foreach (var config in task.Spec.ContainerSpec.Configs)
            dependencies.Config(config.ObjectId);

        var container = containers.GetOrAdd(task.Id, _ => new FakeContainer(task, dependencies, time));
        container.Dependencies = dependencies;
        if (scripts.TryGetValue(task.Spec.ContainerSpec.Image, out var scripted))
            container.Behaviour = scripted;
        return new FakeTaskController(this, container, time);
    }

    internal void Forget(FakeContainer container)
    {
        if (((ICollection<KeyValuePair<string, FakeContainer>>)containers).Remove(new(container.TaskId, container)))
            Interlocked.Increment(ref removed);
    }
}
