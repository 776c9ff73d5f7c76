using Swarm.Api.Objects;

namespace Swarm.Exec;

/// <summary>
/// Moves a task exactly ONE state forward (SwarmKit's exec.Do) and returns its new observed status; the caller
/// reports it, then steps again. Given the observed state (task.Status.State) and the desired state:
/// <code>
/// Observed          Desired           Controller call              Next state
/// terminal          any               -                            unchanged
/// below Complete    Shutdown or later Shutdown(grace)              Shutdown
/// at/above desired  below Running     -                            unchanged (e.g. Ready waiting to start)
/// New..Assigned     Running/Complete  -                            Accepted
/// Accepted                            -                            Preparing
/// Preparing                           Prepare                      Ready
/// Ready                               -                            Starting
/// Starting                            Start, WaitHealthy           Running
/// Running                             Wait                         Complete (exit 0) | Failed
/// </code>
/// A controller error gives Rejected before Starting and Failed from Starting on, with the error as the reason.
/// Cancelling the token (the desired state changed, the agent stops) abandons the step: the status is unchanged
/// and the cancellation propagates. Steps are repeatable: a restarted agent repeats the last one it recorded.
/// </summary>
public sealed class TaskStepper(TimeProvider time)
{
    /// <summary>Docker's stop timeout when the spec gives none.</summary>
    public static readonly TimeSpan DefaultStopGracePeriod = TimeSpan.FromSeconds(10);

    public async Task<SwarmTaskStatus> StepAsync(ITaskController controller, SwarmTask task, CancellationToken cancellationToken)
    {
        var status = task.Status;
        var observed = status.State;
        if (observed.IsTerminal())
            return status;

        try
        {
            if (task.DesiredState >= TaskState.Shutdown)
            {
                await controller.ShutdownAsync(GracePeriod(task), cancellationToken);
                return await Move(controller, status, TaskState.Shutdown, "shutdown", cancellationToken);
            }
            if (observed >= task.DesiredState && observed < TaskState.Running)
                return status;

            switch (observed)
            {
                case < TaskState.Accepted:
                    return Move(status, TaskState.Accepted, "accepted");
                case TaskState.Accepted:
                    return Move(status, TaskState.Preparing, "preparing");
                case TaskState.Preparing:
                    await controller.PrepareAsync(cancellationToken);
                    return Move(status, TaskState.Ready, "prepared");
                case TaskState.Ready:
                    return Move(status, TaskState.Starting, "starting");
                case TaskState.Starting:
                    await controller.StartAsync(cancellationToken);
                    await controller.WaitHealthyAsync(cancellationToken);
                    return await Move(controller, status, TaskState.Running, "started", cancellationToken);
                default:
                    var exit = await controller.WaitAsync(cancellationToken);
                    return await Exited(controller, status, exit, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return Fail(status, e.Message);
        }
    }

    /// <summary>The status for a task that cannot even get a controller (Rejected, or Failed once started).</summary>
    public SwarmTaskStatus Fail(SwarmTaskStatus status, string error)
    {
        if (status.State.IsTerminal())
            return status;
        var state = status.State < TaskState.Starting ? TaskState.Rejected : TaskState.Failed;
        return status with { State = state, Timestamp = time.GetUtcNow(), Message = "error", Err = error };
    }

    private static TimeSpan GracePeriod(SwarmTask task)
        => task.Spec.ContainerSpec.StopGracePeriod ?? DefaultStopGracePeriod;

    private SwarmTaskStatus Move(SwarmTaskStatus status, TaskState state, string message)
        => status with { State = state, Timestamp = time.GetUtcNow(), Message = message, Err = null };

    private async Task<SwarmTaskStatus> Move(
        ITaskController controller, SwarmTaskStatus status, TaskState state, string message, CancellationToken cancellationToken)
    {
        var container = await controller.InspectAsync(cancellationToken) ?? status.ContainerStatus;
        return Move(status, state, message) with { ContainerStatus = container };
    }

    private async Task<SwarmTaskStatus> Exited(
        ITaskController controller, SwarmTaskStatus status, ExitStatus exit, CancellationToken cancellationToken)
    {
        var container = (await controller.InspectAsync(cancellationToken) ?? status.ContainerStatus ?? new ContainerStatus())
            with { ExitCode = exit.ExitCode };
        if (exit.Succeeded)
            return Move(status, TaskState.Complete, "finished") with { ContainerStatus = container };
        var error = exit.Reason is null
            ? $"task: non-zero exit ({exit.ExitCode})"
            : $"task: non-zero exit ({exit.ExitCode}): {exit.Reason}";
        return status with
        {
            State = TaskState.Failed,
            Timestamp = time.GetUtcNow(),
            Message = "failed",
            Err = error,
            ContainerStatus = container,
        };
    }
}
