using Microsoft.Extensions.Logging;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Updating;
using Swarm.Store;
using Swarm.Store.Transactions;

namespace Swarm.Manager.Orchestration;

/// <summary>
/// The leader's rolling updater: after each burst of service and task changes (and when an update's delay or monitor
/// period ends) it asks <see cref="UpdateReconciler"/> for the next step of every touched service and writes it —
/// the service's UpdateStatus (or the swap to its previous spec when a rollback starts) first, then the task
/// decisions. All of the update's progress lives in the store, so a new leader carries on where the old one stopped.
/// </summary>
public sealed partial class UpdaterLoop : ILeaderLoop
{
    private readonly MemoryStore store;
    private readonly TimeProvider time;
    private readonly ILogger<UpdaterLoop> logger;
    private readonly TimeSpan debounce;
    private readonly DecisionWriter writer;

    public UpdaterLoop(MemoryStore store, TimeProvider time, ILogger<UpdaterLoop> logger, TimeSpan? debounce = null)
    {
        this.store = store;
        this.time = time;
        this.logger = logger;
        this.debounce = debounce ?? ServiceOrchestrator.DefaultDebounce;
        writer = new DecisionWriter(store);
    }

    public Task RunAsync(CancellationToken leadership) => LeaderLoop.RunAsync(WatchAsync, LogWatchRestarted, leadership);

    private Task WatchAsync(CancellationToken leadership)
        => new ServiceWatch(store, time, debounce).RunAsync(PassAsync, LogStarted, leadership);

    private async Task PassAsync(HashSet<string> serviceIds, Wakes wakes, CancellationToken cancellationToken)
    {
        foreach (var id in serviceIds.Order(StringComparer.Ordinal))
        {
            try
            {
                wakes.Set(id, await StepAsync(id, cancellationToken));
            }
            catch (VersionConflictException)
            {
                // The service changed under us (a user update): its event brings us back with the new spec.
                wakes.Set(id, null);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogStepFailed(error, id);
                wakes.Retry([id], ServiceOrchestrator.RetryDelay);
            }
        }
    }

    /// <summary>Writes one step of the service's update; returns when to look at it again regardless of events.</summary>
    private async Task<DateTimeOffset?> StepAsync(string serviceId, CancellationToken cancellationToken)
    {
        var snapshot = store.Snapshot();
        if (snapshot.Services.Get(serviceId) is not { } service)
            return null;
        var tasks = snapshot.Tasks.ByService(serviceId).ToArray();
        var plan = UpdateReconciler.Reconcile(service, tasks, time.GetUtcNow());
        if (plan.Service is { } changed)
        {
            await store.UpdateAsync(tx => tx.Services.Update(changed), cancellationToken);
            LogStatus(service.Spec.Name, changed.UpdateStatus?.State ?? UpdateState.Unknown, changed.UpdateStatus?.Message);
        }
        if (plan.StartsRollback)
            return null; // the new spec version arrives as an event and is rolled out from a fresh snapshot
        await writer.ApplyAsync(plan.Decisions, cancellationToken);
        return plan.NextWakeUp;
    }
}
