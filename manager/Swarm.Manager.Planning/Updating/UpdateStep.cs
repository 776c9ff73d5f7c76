using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;

namespace Swarm.Manager.Planning.Updating;

/// <summary>
/// The slot work of one reconcile: finish slots whose replacement is under way, then give free workers new slots.
/// Collects decisions, the number of busy workers and the earliest time a clock (not the store) changes something.
/// </summary>
internal sealed class UpdateStep(UpdateConfig config, DateTimeOffset now)
{
    private readonly List<OrchestrationDecision> _decisions = [];

    public IReadOnlyList<OrchestrationDecision> Decisions => _decisions;

    public int Busy { get; private set; }

    public DateTimeOffset? NextWakeUp { get; private set; }

    public void WakeAt(DateTimeOffset at)
    {
        if (NextWakeUp is null || at < NextWakeUp)
            NextWakeUp = at;
    }

    public void Advance(Service service, IReadOnlyList<UpdateSlot> slots)
    {
        foreach (var slot in slots)
            Finish(slot);

        var free = config.Parallelism == 0 ? int.MaxValue : (int)Math.Min(config.Parallelism, int.MaxValue) - Busy;
        var waiting = slots.Where(s => s.IsDirty && s.Replacement is null && s.New.Count == 0);
        foreach (var slot in waiting.Take(Math.Max(free, 0)))
            Replace(service, slot);
    }

    private void Finish(UpdateSlot slot)
    {
        // start-first: the old task goes once a new one runs.
        if (slot.IsDirty && slot.New.Any(t => t.Status.State == TaskState.Running))
            _decisions.AddRange(slot.Old.Select(t => new ShutdownTask(t.Id, "replaced by a rolling update")));

        if (slot.Replacement is { DesiredState: TaskState.Ready } ready && slot.ReplacementStarting)
            StartAfterOldStops(slot, ready);

        if (slot.ReplacementStarting)
        {
            Busy++;
            return;
        }
        if (slot.ReplacementSettledAt is { } settled && now < settled + config.Delay)
        {
            Busy++;
            WakeAt(settled + config.Delay);
        }
    }

    /// <summary>
    /// stop-first: the replacement waits (desired READY) until the task it replaces stopped, or one minute at most
    /// (SwarmKit's DelayStart with no delay). Only the slot's first task of this update is started here; later ones
    /// are restarts, which the <see cref="DelayedStartReconciler"/> starts after the restart delay.
    /// </summary>
    private void StartAfterOldStops(UpdateSlot slot, SwarmTask ready)
    {
        var predecessor = slot.All
            .Where(t => t.Id != ready.Id && t.Meta.CreatedAt <= ready.Meta.CreatedAt)
            .OldestCreatedFirst()
            .LastOrDefault();
        var giveUpAt = ready.Meta.CreatedAt + DelayedStartReconciler.OldTaskTimeout;
        if (predecessor is null || predecessor.Status.State > TaskState.Running || now >= giveUpAt)
            _decisions.Add(new StartTask(ready.Id, TaskState.Running));
        else
            WakeAt(giveUpAt);
    }

    private void Replace(Service service, UpdateSlot slot)
    {
        Busy++;
        if (config.Order == UpdateOrder.StartFirst)
        {
            _decisions.Add(NewTask(service, slot, TaskState.Running));
            return;
        }
        _decisions.AddRange(slot.Old.Select(t => new ShutdownTask(t.Id, "replaced by a rolling update")));
        _decisions.Add(NewTask(service, slot, TaskState.Ready));
    }

    private static CreateTask NewTask(Service service, UpdateSlot slot, TaskState desired)
        => new(service.Id, slot.Slot, slot.NodeId, service.SpecVersion, desired);
}
