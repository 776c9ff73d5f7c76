using Microsoft.Extensions.Logging;
using Swarm.Api.Objects;
using Swarm.Exec;

namespace Swarm.Agent.Tasks;

/// <summary>
/// Runs one task: steps it with <see cref="TaskStepper"/> until it is terminal, reporting each new status, and
/// re-steps when the managers change its desired state (which abandons a step in flight, e.g. the wait on a
/// running container). Removing it shuts the container down first, then removes it.
/// </summary>
internal sealed partial class TaskManager : IAsyncDisposable
{
    private readonly ITaskController? controller;
    private readonly TaskStepper stepper;
    private readonly Action<SwarmTask> observed;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stopping = new();
    private CancellationTokenSource desiredChanged = new();
    private SwarmTask task;
    private bool removing;
    private Task? loop;

    /// <param name="task">The task with the last observed status (persisted, or the manager's).</param>
    /// <param name="controller">Null when the executor refused the task; <paramref name="controllerError"/> says why.</param>
    /// <param name="observed">Called with the task after every status change (report and persist).</param>
    public TaskManager(
        SwarmTask task, ITaskController? controller, string? controllerError, TaskStepper stepper,
        Action<SwarmTask> observed, ILogger logger)
    {
        this.task = task;
        this.controller = controller;
        this.stepper = stepper;
        this.observed = observed;
        this.logger = logger;
        if (controller is null)
            this.task = task with { Status = stepper.Fail(task.Status, controllerError ?? "no controller for task") };
    }

    public SwarmTask Task
    {
        get
        {
            lock (gate)
                return task;
        }
    }

    /// <summary>Null when the executor refused the task.</summary>
    public ITaskController? Controller => controller;

    public void Start()
    {
        if (controller is null)
        {
            observed(Task);
            loop = System.Threading.Tasks.Task.CompletedTask;
            return;
        }
        loop = System.Threading.Tasks.Task.Run(() => RunAsync(stopping.Token));
    }

    /// <summary>Takes the managers' newer version of the task; only its desired state and spec matter here.</summary>
    public void Update(SwarmTask fromManager)
    {
        CancellationTokenSource? toCancel = null;
        lock (gate)
        {
            if (removing)
                return;
            var desiredMoved = fromManager.DesiredState != task.DesiredState;
            task = fromManager with { Status = task.Status };
            if (desiredMoved)
            {
                toCancel = desiredChanged;
                desiredChanged = new CancellationTokenSource();
            }
        }
        toCancel?.Cancel();
        toCancel?.Dispose();
    }

    /// <summary>Shuts the task down (if it still runs), removes its container and returns once done.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        CancellationTokenSource toCancel;
        lock (gate)
        {
            removing = true;
            task = task with { DesiredState = TaskState.Remove };
            toCancel = desiredChanged;
            desiredChanged = new CancellationTokenSource();
        }
        await toCancel.CancelAsync();
        if (loop is not null)
            await loop.WaitAsync(cancellationToken);
        if (controller is not null)
            await controller.RemoveAsync(cancellationToken);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            SwarmTask current;
            CancellationToken changed;
            lock (gate)
            {
                current = task;
                changed = desiredChanged.Token;
            }
            if (current.Status.State.IsTerminal() && removing)
                return;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, changed);
            try
            {
                var next = await stepper.StepAsync(controller!, current, linked.Token);
                if (ReferenceEquals(next, current.Status))
                {
                    // Nothing to do until the desired state moves (terminal, or Ready waiting to start).
                    await System.Threading.Tasks.Task.Delay(Timeout.Infinite, linked.Token);
                    continue;
                }
                Record(next);
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                // Desired state changed or the agent stops: look again.
            }
            catch (Exception e)
            {
                // The stepper turns controller errors into statuses; anything here is a bug worth a pause, not a spin.
                Log.StepCrashed(logger, current.Id, e);
                await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Record(SwarmTaskStatus next)
    {
        SwarmTask updated;
        lock (gate)
        {
            task = task with { Status = next };
            updated = task;
        }
        Log.Moved(logger, updated.Id, next.State, next.Err ?? next.Message);
        observed(updated);
    }

    /// <summary>Stops stepping without touching the container: it keeps running for the next agent to adopt.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (loop is not null)
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (controller is not null)
            await controller.DisposeAsync();
        stopping.Dispose();
        desiredChanged.Dispose();
    }
}
