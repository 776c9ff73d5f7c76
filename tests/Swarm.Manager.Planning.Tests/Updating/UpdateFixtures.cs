using Microsoft.Extensions.Time.Testing;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using Swarm.Manager.Planning.Updating;

namespace Swarm.Manager.Planning.Tests.Updating;

/// <summary>Builders for the updater tests: service "svc" at spec version 2, its old tasks at version 1.</summary>
internal static class UpdateFixtures
{
    public const string ServiceId = "svc";

    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Epoch);

    public static readonly ServiceSpec OldSpec = new() { Name = "web", TaskTemplate = new TaskSpec() };

    public static Service Updated(
        ulong replicas = 3,
        UpdateConfig? update = null,
        UpdateConfig? rollback = null,
        UpdateStatus? status = null,
        bool global = false,
        bool hasPrevious = true) => new()
        {
            Id = ServiceId,
            SpecVersion = 2,
            PreviousSpec = hasPrevious ? OldSpec : null,
            UpdateStatus = status,
            Spec = new ServiceSpec
            {
                Name = "web",
                Labels = new Dictionary<string, string> { ["v"] = "2" },
                Mode = global
                    ? new ServiceMode { Global = true }
                    : new ServiceMode { Replicated = new ReplicatedMode { Replicas = replicas } },
                UpdateConfig = update,
                RollbackConfig = rollback,
            },
        };

    public static UpdateStatus UpdatingSince(DateTimeOffset? startedAt = null)
        => new() { State = UpdateState.Updating, StartedAt = startedAt ?? Epoch, Message = "update in progress" };

    public static UpdateStatus RollingBack(DateTimeOffset? startedAt = null)
        => new() { State = UpdateState.RollbackStarted, StartedAt = startedAt ?? Epoch, Message = "manually requested rollback" };

    public static SwarmTask Task(
        string id,
        ulong slot,
        ulong specVersion = 1,
        TaskState state = TaskState.Running,
        TaskState desired = TaskState.Running,
        DateTimeOffset? created = null,
        DateTimeOffset? statusAt = null,
        string node = "") => new()
        {
            Id = id,
            ServiceId = ServiceId,
            Slot = slot,
            NodeId = node,
            SpecVersion = specVersion,
            DesiredState = desired,
            Meta = new Meta { CreatedAt = created ?? Epoch.AddHours(-1) },
            Status = new SwarmTaskStatus { State = state, Timestamp = statusAt ?? created ?? Epoch.AddHours(-1) },
        };

    /// <summary>Old tasks (version 1, running) in slots 1..n.</summary>
    public static List<SwarmTask> OldTasks(int n)
        => Enumerable.Range(1, n).Select(i => Task($"old{i}", (ulong)i)).ToList();

    public static T[] Of<T>(this UpdatePlan plan) where T : OrchestrationDecision
        => plan.Decisions.OfType<T>().ToArray();
}
