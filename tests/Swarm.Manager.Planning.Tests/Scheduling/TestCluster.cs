using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;

namespace Swarm.Manager.Planning.Tests.Scheduling;

/// <summary>Builders for the nodes and tasks of a scheduling snapshot, with defaults that schedule anywhere.</summary>
internal static class TestCluster
{
    public const long GiB = 1L << 30;
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static Node Node(
        string id,
        string? hostname = null,
        NodeRole role = NodeRole.Worker,
        NodeState state = NodeState.Ready,
        NodeAvailability availability = NodeAvailability.Active,
        long memory = 8 * GiB,
        long nanoCpus = 4_000_000_000,
        string os = "linux",
        string arch = "x86_64",
        IReadOnlyDictionary<string, string>? labels = null,
        IReadOnlyDictionary<string, string>? engineLabels = null) => new()
        {
            Id = id,
            Role = role,
            Spec = new NodeSpec { Labels = labels ?? Empty.Labels, Availability = availability, DesiredRole = role },
            Status = new NodeStatus { State = state },
            Description = new NodeDescription
            {
                Hostname = hostname ?? id,
                Platform = new Platform { OS = os, Architecture = arch },
                Resources = new Resources { MemoryBytes = memory, NanoCpus = nanoCpus },
                EngineLabels = engineLabels ?? Empty.Labels,
            },
        };

    public static Dictionary<string, string> Labels(params (string Key, string Value)[] pairs)
        => pairs.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>A PENDING task of <paramref name="service"/>; give <paramref name="node"/> and a state for placed ones.</summary>
    public static SwarmTask Task(
        string id,
        string service = "svc",
        ulong slot = 0,
        string node = "",
        TaskState state = TaskState.Pending,
        TaskState desired = TaskState.Running,
        ulong specVersion = 1,
        long memory = 0,
        long nanoCpus = 0,
        IReadOnlyList<string>? constraints = null,
        IReadOnlyList<string>? spread = null,
        ulong maxReplicas = 0,
        uint hostPort = 0,
        DateTimeOffset? timestamp = null) => new()
        {
            Id = id,
            ServiceId = service,
            Slot = slot,
            NodeId = node,
            SpecVersion = specVersion,
            DesiredState = desired,
            Status = new SwarmTaskStatus { State = state, Timestamp = timestamp ?? Now },
            Spec = new TaskSpec
            {
                Resources = memory == 0 && nanoCpus == 0
                    ? null
                    : new ResourceRequirements { Reservations = new Resources { MemoryBytes = memory, NanoCpus = nanoCpus } },
                Placement = new Placement
                {
                    Constraints = constraints ?? [],
                    SpreadPreferences = spread ?? [],
                    MaxReplicas = maxReplicas,
                },
            },
            Endpoint = hostPort == 0
                ? null
                : new ServiceEndpoint
                {
                    Ports = [new PortConfig { TargetPort = 80, PublishedPort = hostPort, PublishMode = PublishMode.Host }],
                },
        };

    /// <summary>Tasks t0..t(n-1) of one service, slots 1..n.</summary>
    public static SwarmTask[] Tasks(int count, string service = "svc", Func<string, ulong, SwarmTask>? make = null)
        => Enumerable.Range(0, count)
            .Select(i => make?.Invoke($"{service}-t{i:D4}", (ulong)i + 1) ?? Task($"{service}-t{i:D4}", service, (ulong)i + 1))
            .ToArray();

    public static NodeInfo Info(Node node, params SwarmTask[] tasks)
        => NodeSet.Build([node], tasks, Now).Nodes[0];

    public static NodeSet Set(IEnumerable<Node> nodes, params SwarmTask[] tasks) => NodeSet.Build(nodes, tasks, Now);

    /// <summary>How many tasks the plan put on each node.</summary>
    public static Dictionary<string, int> CountByNode(SchedulingPlan plan)
        => plan.Assignments.GroupBy(a => a.NodeId).ToDictionary(g => g.Key, g => g.Count());
}
