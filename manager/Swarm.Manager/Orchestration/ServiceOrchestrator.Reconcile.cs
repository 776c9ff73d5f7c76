using Swarm.Api.Objects;
using Swarm.Manager.Planning.Orchestration;
using Swarm.Manager.Planning.Scheduling;
using Swarm.Store.Transactions;

namespace Swarm.Manager.Orchestration;

public sealed partial class ServiceOrchestrator
{
    /// <summary>
    /// One pass over <paramref name="serviceIds"/>. Restarts are decided and written first, as SwarmKit does each
    /// tick, so the mode reconciler then sees the replacements and does not fill their slots a second time.
    /// </summary>
    private async Task ReconcileAsync(
        HashSet<string> serviceIds, Wakes wakes, CancellationToken cancellationToken)
    {
        if (serviceIds.Count == 0)
            return;
        try
        {
            var restarts = Plan(serviceIds, wakes, restartsOnly: true);
            var restarted = await writer.ApplyAsync(restarts, cancellationToken);
            var decisions = Plan(serviceIds, wakes, restartsOnly: false);
            var applied = await writer.ApplyAsync(decisions, cancellationToken);
            if (restarted + applied > 0)
                LogReconciled(serviceIds.Count, restarted, applied);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogPassFailed(error, serviceIds.Count);
            wakes.Retry(serviceIds, RetryDelay);
        }
    }

    /// <summary>Decisions for the services, from a fresh snapshot; records when each wants to run again.</summary>
    private List<OrchestrationDecision> Plan(
        HashSet<string> serviceIds, Wakes wakes, bool restartsOnly)
    {
        var snapshot = store.Snapshot();
        var nodes = snapshot.Nodes.All().ToArray();
        var now = time.GetUtcNow();
        var decisions = new List<OrchestrationDecision>();
        foreach (var id in serviceIds.Order(StringComparer.Ordinal))
        {
            var service = snapshot.Services.Get(id);
            var tasks = snapshot.Tasks.ByService(id).ToArray();
            if (restartsOnly)
            {
                if (service is not null)
                    decisions.AddRange(RestartReconciler.Reconcile(service, tasks, nodes, now, Matches).Decisions);
                continue;
            }
            if (service is null)
            {
                wakes.Set(id, null);
                decisions.AddRange(tasks
                    .Where(t => t.DesiredState < TaskState.Remove)
                    .Select(t => new RemoveTask(t.Id, "service removed")));
                continue;
            }

            var plan = ReconcileMode(service, tasks, nodes);
            var delayed = DelayedStartReconciler.Reconcile(service, tasks, nodes, now);
            decisions.AddRange(plan.Decisions);
            decisions.AddRange(delayed.Decisions);
            wakes.Set(id, Wakes.EarliestOf(plan.NextWakeUp, delayed.NextWakeUp));
        }
        return decisions;
    }

    private static OrchestrationPlan ReconcileMode(Service service, SwarmTask[] tasks, Node[] nodes)
    {
        var mode = service.Spec.Mode;
        if (mode.Global)
            return GlobalReconciler.Reconcile(service, tasks, nodes, Matches);
        if (mode.GlobalJob)
            return GlobalJobReconciler.Reconcile(service, tasks, nodes, Matches);
        if (mode.ReplicatedJob is not null)
            return ReplicatedJobReconciler.Reconcile(service, tasks);
        return ReplicatedReconciler.Reconcile(service, tasks);
    }

    /// <summary>Placement constraints, evaluated as the scheduler does.</summary>
    private static bool Matches(Node node, IReadOnlyList<string> constraints)
        => Constraint.MatchesAll(Constraint.ParseAll(constraints), node);
}
