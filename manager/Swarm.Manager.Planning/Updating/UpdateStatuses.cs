using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Updating;

/// <summary>
/// The UpdateStatus values the updater writes, with Docker's messages.
/// <code>
/// From                       Event                               To
/// none / COMPLETED / RB_COMPLETED  dirty slots appear            UPDATING            "update in progress"
/// UPDATING                   failures &gt; ratio, action pause     PAUSED              "update paused due to ..."
/// UPDATING                   failures &gt; ratio, action rollback  ROLLBACK_STARTED    "update rolled back due to ..."
/// ROLLBACK_STARTED           failures &gt; ratio (any action)      ROLLBACK_PAUSED     "update paused due to ..."
/// UPDATING / ROLLBACK_STARTED  all slots done + monitor period   COMPLETED / ROLLBACK_COMPLETED
/// PAUSED / ROLLBACK_PAUSED   only a new spec update (the API clears the status) moves on
/// </code>
/// </summary>
internal static class UpdateStatuses
{
    public static UpdateStatus Started(DateTimeOffset now)
        => new() { State = UpdateState.Updating, StartedAt = now, Message = "update in progress" };

    public static UpdateStatus Paused(UpdateStatus current, bool rollingBack, string message)
        => current with { State = rollingBack ? UpdateState.RollbackPaused : UpdateState.Paused, Message = message };

    public static UpdateStatus Completed(UpdateStatus current, bool rollingBack, DateTimeOffset now) => current with
    {
        State = rollingBack ? UpdateState.RollbackCompleted : UpdateState.Completed,
        CompletedAt = now,
        Message = rollingBack ? "rollback completed" : "update completed",
    };

    public static string FailureMessage(string verb, string taskId)
        => $"update {verb} due to failure or early termination of task {taskId}";

    /// <summary>
    /// Starts a rollback: the previous spec becomes the spec and the failed one becomes the previous spec (swapped, as
    /// a manual rollback does), with a new spec version so every task of the failed spec is dirty.
    /// </summary>
    public static Service RolledBack(Service service, string message, DateTimeOffset now) => service with
    {
        Spec = service.PreviousSpec!,
        PreviousSpec = service.Spec,
        SpecVersion = service.SpecVersion + 1,
        UpdateStatus = new UpdateStatus { State = UpdateState.RollbackStarted, StartedAt = now, Message = message },
    };
}
