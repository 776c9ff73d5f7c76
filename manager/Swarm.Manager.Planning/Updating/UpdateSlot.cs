using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;

namespace Swarm.Manager.Planning.Updating;

/// <summary>
/// One slot (replicated) or node (global) as the updater sees it. <see cref="Old"/> are its tasks of an older spec
/// still desired to run (non-empty = dirty); <see cref="Replacement"/> is the first task of the current spec created
/// since the update started, i.e. the one this update made (later ones are restarts); <see cref="New"/> are its tasks
/// of the current spec still desired to run.
/// </summary>
internal sealed record UpdateSlot(
    ulong Slot,
    string NodeId,
    IReadOnlyList<SwarmTask> Old,
    SwarmTask? Replacement,
    IReadOnlyList<SwarmTask> New,
    IReadOnlyList<SwarmTask> All)
{
    public bool IsDirty => Old.Count > 0;

    /// <summary>Part of this update: still dirty, or already given a replacement.</summary>
    public bool IsInUpdate => IsDirty || Replacement is not null;

    /// <summary>
    /// The replacement stopped early: exited, failed, was rejected or orphaned (SHUTDOWN is what the orchestrator
    /// asked for, so it is no failure).
    /// </summary>
    public bool ReplacementFailed => Replacement?.Status.State is
        TaskState.Complete or TaskState.Failed or TaskState.Rejected or TaskState.Orphaned;

    /// <summary>The replacement is still on its way to RUNNING: a worker is busy with this slot.</summary>
    public bool ReplacementStarting => Replacement is { } r
        && r.Status.State < TaskState.Running && r.DesiredState <= TaskState.Running;

    /// <summary>When the replacement reached RUNNING or stopped: the moment its worker began the update delay.</summary>
    public DateTimeOffset? ReplacementSettledAt => Replacement is { } r && r.Status.State >= TaskState.Running
        ? r.Status.Timestamp
        : null;

    public static IReadOnlyList<UpdateSlot> From(Service service, IReadOnlyList<SwarmTask> tasks, DateTimeOffset startedAt)
    {
        var kind = service.Kind();
        var result = new List<UpdateSlot>();
        foreach (var group in SlotGrouping.Group(kind, tasks.Where(t => t.ServiceId == service.Id)))
        {
            var current = group.Tasks.Where(t => t.SpecVersion == service.SpecVersion).ToArray();
            var old = group.Tasks
                .Where(t => t.SpecVersion != service.SpecVersion && t.DesiredState <= TaskState.Running)
                .ToArray();
            var replacement = current.Where(t => t.Meta.CreatedAt >= startedAt).OldestCreatedFirst().FirstOrDefault();
            var live = current.Where(t => t.DesiredState <= TaskState.Running).ToArray();
            var slot = new UpdateSlot(group.Slot, group.NodeId, old, replacement, live, group.Tasks);
            if (slot.IsInUpdate)
                result.Add(slot);
        }
        return result;
    }
}
