using Microsoft.Extensions.Time.Testing;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using Swarm.Manager.Planning.Updating;

namespace Swarm.Manager.Planning.Tests.Updating;

/// <summary>
/// A toy store and agent for end-to-end updater runs: applies plans like the thin loop would, and moves tasks the
/// way an agent would one tick later (stopped at once, started at once, or failed when <see cref="Fails"/> says so).
/// Every tick calls the reconciler afresh, as a new leader would.
/// </summary>
internal sealed class UpdateSimulation(Service service, IEnumerable<SwarmTask> tasks, FakeTimeProvider clock)
{
    private int _nextId;

    public Service Service { get; private set; } = service;

    public List<SwarmTask> Tasks { get; } = tasks.ToList();

    public Func<SwarmTask, bool> Fails { get; init; } = _ => false;

    /// <summary>How many slots had a replacement not yet running, per tick.</summary>
    public List<int> InFlight { get; } = [];

    public bool Tick()
    {
        Agent();
        var plan = UpdateReconciler.Reconcile(Service, Tasks, clock.GetUtcNow());
        foreach (var decision in plan.Decisions)
            Apply(decision);
        if (plan.Service is not null)
            Service = plan.Service;
        InFlight.Add(Tasks.Count(t => t.SpecVersion == Service.SpecVersion && t.Status.State < TaskState.Running && t.DesiredState <= TaskState.Running));
        clock.Advance(TimeSpan.FromSeconds(1));
        return plan.Decisions.Count > 0 || plan.Service is not null;
    }

    public void RunUntil(Func<UpdateState?, bool> done, int maxTicks = 200)
    {
        for (var i = 0; i < maxTicks && !done(Service.UpdateStatus?.State); i++)
            Tick();
    }

    private void Agent()
    {
        var now = clock.GetUtcNow();
        for (var i = 0; i < Tasks.Count; i++)
        {
            var t = Tasks[i];
            var next = t.DesiredState > TaskState.Running && t.Status.State <= TaskState.Running ? TaskState.Shutdown
                : t.DesiredState == TaskState.Running && t.Status.State < TaskState.Running ? (Fails(t) ? TaskState.Failed : TaskState.Running)
                : t.Status.State;
            if (next != t.Status.State)
                Tasks[i] = t with { Status = t.Status with { State = next, Timestamp = now } };
        }
    }

    private void Apply(OrchestrationDecision decision)
    {
        var now = clock.GetUtcNow();
        switch (decision)
        {
            case ShutdownTask s:
                Replace(s.TaskId, t => t with { DesiredState = TaskState.Shutdown });
                break;
            case StartTask s:
                Replace(s.TaskId, t => t with { DesiredState = s.DesiredState });
                break;
            case CreateTask c:
                Tasks.Add(new SwarmTask
                {
                    Id = $"t{++_nextId}",
                    ServiceId = c.ServiceId,
                    Slot = c.Slot,
                    NodeId = c.NodeId,
                    SpecVersion = c.SpecVersion,
                    DesiredState = c.DesiredState,
                    Meta = new Meta { CreatedAt = now },
                    Status = new SwarmTaskStatus { State = TaskState.New, Timestamp = now },
                });
                break;
        }
    }

    private void Replace(string id, Func<SwarmTask, SwarmTask> change)
    {
        var i = Tasks.FindIndex(t => t.Id == id);
        Tasks[i] = change(Tasks[i]);
    }
}
