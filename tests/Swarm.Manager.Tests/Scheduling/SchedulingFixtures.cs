using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Objects;
using Swarm.Manager.Scheduling;
using Swarm.Store;

namespace Swarm.Manager.Tests.Scheduling;

/// <summary>Nodes and tasks as the loops find them in the store, with defaults that schedule anywhere.</summary>
internal static class SchedulingFixtures
{
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    public static Node Node(string id, NodeState state = NodeState.Ready, IReadOnlyDictionary<string, string>? labels = null) => new()
    {
        Id = id,
        Spec = new NodeSpec { Labels = labels ?? Empty.Labels },
        Status = new NodeStatus { State = state },
        Description = new NodeDescription
        {
            Hostname = id,
            Resources = new Resources { MemoryBytes = 8L << 30, NanoCpus = 4_000_000_000 },
        },
    };

    public static SwarmTask TestTask(
        string id, TaskState state = TaskState.Pending, TaskState desired = TaskState.Running, ulong slot = 1,
        IReadOnlyList<string>? constraints = null) => new()
        {
            Id = id,
            ServiceId = "svc",
            ServiceName = "web",
            Slot = slot,
            SpecVersion = 1,
            DesiredState = desired,
            Status = new SwarmTaskStatus { State = state },
            Spec = new TaskSpec { Placement = new Placement { Constraints = constraints ?? [] } },
        };

    public static SwarmTask[] Tasks(int count, TaskState state = TaskState.Pending)
        => Enumerable.Range(0, count).Select(i => TestTask($"t{i:D4}", state, slot: (ulong)i + 1)).ToArray();

    public static Task AddAsync(this MemoryStore store, IEnumerable<Node> nodes, IEnumerable<SwarmTask> tasks)
        => store.UpdateAsync(tx =>
        {
            foreach (var node in nodes)
                tx.Nodes.Create(node);
            foreach (var task in tasks)
                tx.Tasks.Create(task);
        });

    public static SchedulerLoop Scheduler(MemoryStore store, TimeProvider? time = null)
        => new(store, time ?? TimeProvider.System, NullLogger<SchedulerLoop>.Instance);

    public static SwarmTask[] AllTasks(this MemoryStore store) => store.Snapshot().Tasks.All().ToArray();
}

/// <summary>Loops started with Task.Run on one leadership token, cancelled and awaited on dispose.</summary>
internal sealed class RunningLoops : IAsyncDisposable
{
    private readonly CancellationTokenSource leadership = new();
    private readonly List<Task> loops = [];

    public RunningLoops Start(Func<CancellationToken, Task> run)
    {
        loops.Add(Task.Run(() => run(leadership.Token)));
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await leadership.CancelAsync();
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(5));
        leadership.Dispose();
    }
}
