using Swarm.Api.Objects;

namespace Swarm.Exec;

/// <summary>
/// Drives one task's container through its life (SwarmKit's exec.Controller). <see cref="TaskStepper"/> calls
/// these one at a time; every method must be safe to call again after it succeeded (an agent restarted mid-way
/// repeats the step it last recorded), and Shutdown/Terminate/Remove must be safe on a task never prepared.
/// A method that fails throws; the stepper turns the exception's message into the task's error.
/// </summary>
public interface ITaskController : IAsyncDisposable
{
    /// <summary>Pulls the image and creates the container. Already prepared is success.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Starts the prepared container. Already started (or already exited) is success.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Returns once the started container is healthy; at once when it has no healthcheck. Throws
    /// <see cref="UnhealthyException"/> when it turns unhealthy first.
    /// </summary>
    Task WaitHealthyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Waits for the started container to exit and returns how. Throws <see cref="UnhealthyException"/> if it
    /// becomes unhealthy while running. Cancelling only stops the waiting, never the container.
    /// </summary>
    Task<ExitStatus> WaitAsync(CancellationToken cancellationToken);

    /// <summary>Stops the container: its stop signal, then a kill once <paramref name="gracePeriod"/> passes.</summary>
    Task ShutdownAsync(TimeSpan gracePeriod, CancellationToken cancellationToken);

    /// <summary>Kills the container at once.</summary>
    Task TerminateAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the container and whatever Prepare made for it. Absent is success.</summary>
    Task RemoveAsync(CancellationToken cancellationToken);

    /// <summary>What the runtime knows of the container (id, pid, exit code), reported with the task's status.</summary>
    Task<ContainerStatus?> InspectAsync(CancellationToken cancellationToken) => Task.FromResult<ContainerStatus?>(null);
}
