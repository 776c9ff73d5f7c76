namespace Swarm.Engine.Runtime;

/// <summary>
/// The engine's in-memory record of one container. <see cref="Gate"/> serialises lifecycle operations;
/// <see cref="State"/> is replaced (never mutated) and persisted under <see cref="Sync"/>.
/// </summary>
internal sealed class ContainerEntry(ContainerConfig config, ContainerDirectory dir, ContainerState state)
{
    public ContainerConfig Config { get; } = config;

    public ContainerDirectory Dir { get; } = dir;

    public object Sync { get; } = new();

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public ContainerState State { get; private set; } = state;

    /// <summary>Completed when the current run ends; replaced at each start.</summary>
    public TaskCompletionSource<ContainerExit> Exit { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _exitClaimed;

    /// <summary>Stops this run's healthcheck loop and exit watcher.</summary>
    public CancellationTokenSource? RunCancellation { get; set; }

    /// <summary>True for the first caller per run: the exit of a run is handled exactly once.</summary>
    public bool ClaimExit() => Interlocked.Exchange(ref _exitClaimed, 1) == 0;

    /// <summary>A new run begins: a fresh exit to wait for, and nobody has handled it yet.</summary>
    public void BeginRun()
    {
        Exit = new TaskCompletionSource<ContainerExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _exitClaimed, 0);
    }

    public ContainerState Update(Func<ContainerState, ContainerState> change)
    {
        lock (Sync)
        {
            State = change(State);
            Dir.WriteState(State);
            return State;
        }
    }

    public ContainerInfo Info()
    {
        lock (Sync)
            return new ContainerInfo(Config, State);
    }
}
