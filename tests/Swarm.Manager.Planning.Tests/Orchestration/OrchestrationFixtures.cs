using Microsoft.Extensions.Time.Testing;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;

namespace Swarm.Manager.Planning.Tests.Orchestration;

/// <summary>Small builders for the orchestration tests; every object belongs to service "svc".</summary>
internal static class OrchestrationFixtures
{
    public const string ServiceId = "svc";

    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Epoch);

    public static Service Service(ServiceMode mode, ulong specVersion = 1, RestartPolicy? policy = null) => new()
    {
        Id = ServiceId,
        SpecVersion = specVersion,
        Spec = new ServiceSpec
        {
            Name = "web",
            Mode = mode,
            TaskTemplate = new TaskSpec { RestartPolicy = policy, Placement = new Placement { Constraints = ["node.labels.ok==1"] } },
        },
    };

    public static Service Replicated(ulong replicas, ulong specVersion = 1, RestartPolicy? policy = null)
        => Service(new ServiceMode { Replicated = new ReplicatedMode { Replicas = replicas } }, specVersion, policy);

    public static Service Global(ulong specVersion = 1, RestartPolicy? policy = null)
        => Service(new ServiceMode { Global = true }, specVersion, policy);

    public static Service ReplicatedJob(ulong? maxConcurrent, ulong? totalCompletions, ulong specVersion = 1)
        => Service(new ServiceMode
        {
            ReplicatedJob = new ReplicatedJobMode { MaxConcurrent = maxConcurrent, TotalCompletions = totalCompletions },
        }, specVersion);

    public static Service GlobalJob(ulong specVersion = 1) => Service(new ServiceMode { GlobalJob = true }, specVersion);

    public static SwarmTask Task(
        string id,
        ulong slot = 0,
        string node = "",
        TaskState state = TaskState.Running,
        TaskState desired = TaskState.Running,
        ulong specVersion = 1,
        DateTimeOffset? created = null,
        DateTimeOffset? statusAt = null,
        RestartPolicy? policy = null,
        ulong jobIteration = 0) => new()
        {
            Id = id,
            ServiceId = ServiceId,
            Slot = slot,
            NodeId = node,
            SpecVersion = specVersion,
            DesiredState = desired,
            JobIteration = jobIteration,
            Meta = new Meta { CreatedAt = created ?? Epoch },
            Spec = new TaskSpec { RestartPolicy = policy },
            Status = new SwarmTaskStatus { State = state, Timestamp = statusAt ?? created ?? Epoch },
        };

    public static Node Node(
        string id,
        NodeState state = NodeState.Ready,
        NodeAvailability availability = NodeAvailability.Active,
        bool matches = true) => new()
        {
            Id = id,
            Status = new NodeStatus { State = state },
            Spec = new NodeSpec
            {
                Availability = availability,
                Labels = new Dictionary<string, string> { ["ok"] = matches ? "1" : "0" },
            },
        };

    /// <summary>A stand-in for the scheduler's constraint matcher: "node.labels.ok==1" holds when the label is 1.</summary>
    public static bool Matches(Node node, IReadOnlyList<string> constraints)
        => constraints.All(c => c != "node.labels.ok==1" || node.Spec.Labels.GetValueOrDefault("ok") == "1");

    public static T[] Of<T>(this OrchestrationPlan plan) where T : OrchestrationDecision
        => plan.Decisions.OfType<T>().ToArray();

    public static string[] Ids<T>(this OrchestrationPlan plan, Func<T, string> id) where T : OrchestrationDecision
        => plan.Of<T>().Select(id).ToArray();
}
