using Swarm.Api.Objects;
using Swarm.Exec;

namespace Swarm.Testing.Exec;

/// <summary>One fake task's "container": in memory, exits on a timer or when stopped. Thread-safe.</summary>
public sealed class FakeContainer
{
    private static int nextPid = 1000;
    private readonly Lock gate = new();
    private readonly TaskCompletionSource<ExitStatus> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? exitTimer;

    internal FakeContainer(SwarmTask task, TaskDependencies dependencies, TimeProvider time)
    {
        Log = new FakeContainerLog(time);
        TaskId = task.Id;
        Image = task.Spec.ContainerSpec.Image;
        Behaviour = FakeBehaviour.FromTask(task);
        Dependencies = dependencies;
    }

    public string TaskId { get; }
    public string ContainerId { get; } = Guid.NewGuid().ToString("N");
    public string Image { get; }
    public FakeBehaviour Behaviour { get; internal set; }
    /// <summary>What the agent handed over with the task (secrets, configs, networks).</summary>
    public TaskDependencies Dependencies { get; internal set; }
    public FakeContainerState State { get; private set; }
    /// <summary>What the "process" wrote; tests add lines with <see cref="FakeContainerLog.Write"/>.</summary>
    public FakeContainerLog Log { get; }
    public bool Prepared { get; private set; }
    public int Pid { get; private set; }
    public int StartCount { get; private set; }
    public int ShutdownCount { get; private set; }
    public TimeSpan? LastGracePeriod { get; private set; }
    public ExitStatus? Exit => exited.Task.IsCompleted ? exited.Task.Result : null;

    internal Task<ExitStatus> Exited => exited.Task;

    internal void Prepare()
    {
        lock (gate)
        {
            if (Behaviour.PrepareError is { } error)
                throw new InvalidOperationException(error);
            Prepared = true;
        }
    }

    internal void Start(TimeProvider time)
    {
        lock (gate)
        {
            if (State != FakeContainerState.Created)
                return; // already started (or exited): starting again is a no-op, like the engine
            if (!Prepared)
                throw new InvalidOperationException($"container for task {TaskId} is not prepared");
            if (Behaviour.StartError is { } error)
                throw new InvalidOperationException(error);
            State = FakeContainerState.Running;
            Pid = Interlocked.Increment(ref nextPid);
            StartCount++;
            foreach (var line in Behaviour.StdoutLines)
                Log.Write(Swarm.Exec.Logs.TaskLogStream.Stdout, line);
            foreach (var line in Behaviour.StderrLines)
                Log.Write(Swarm.Exec.Logs.TaskLogStream.Stderr, line);
            if (Behaviour.RunFor is { } runFor)
                exitTimer = time.CreateTimer(_ => ExitWith(new ExitStatus(Behaviour.ExitCode)), null, runFor, Timeout.InfiniteTimeSpan);
        }
    }

    internal async Task ShutdownAsync(TimeSpan gracePeriod, TimeProvider time, CancellationToken cancellationToken)
    {
        bool running;
        lock (gate)
        {
            ShutdownCount++;
            LastGracePeriod = gracePeriod;
            running = State == FakeContainerState.Running;
        }
        if (running && Behaviour.IgnoresStopSignal)
        {
            // SIGTERM ignored: the kill comes when the grace period is over.
            await Task.WhenAny(exited.Task, Task.Delay(gracePeriod, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            ExitWith(new ExitStatus(137, "killed after the grace period"));
            return;
        }
        // A stopped fake behaves like a process that honours SIGTERM: 128 + 15.
        ExitWith(new ExitStatus(143));
    }

    /// <summary>Makes a running fake task exit now, as if it crashed (or was killed).</summary>
    public void ExitWith(ExitStatus status)
    {
        lock (gate)
        {
            if (State == FakeContainerState.Exited)
                return;
            State = FakeContainerState.Exited;
            exitTimer?.Dispose();
        }
        Log.Close();
        exited.TrySetResult(status);
    }

    internal ContainerStatus Inspect()
    {
        lock (gate)
            return new ContainerStatus { ContainerId = ContainerId, Pid = State == FakeContainerState.Running ? Pid : 0, ExitCode = Exit?.ExitCode ?? 0 };
    }
}
