namespace Swarm.Engine.Runtime;

public enum ContainerStatus
{
    Created,
    Running,
    Exited,
}

/// <summary>
/// The persisted observed state (state.json). Pid start times (clock ticks since boot, /proc/&lt;pid&gt;/stat field
/// 22) identify processes across an engine restart, so a recycled pid is never mistaken for the container.
/// </summary>
public sealed record ContainerState
{
    public ContainerStatus Status { get; init; }

    /// <summary>Host pid of the container's PID 1.</summary>
    public int Pid { get; init; }

    public ulong PidStartTime { get; init; }

    /// <summary>Host pid of the node's swarm-init supervisor that started it (its parent, which records the exit code).</summary>
    public int SupervisorPid { get; init; }

    public ulong SupervisorStartTime { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public int? ExitCode { get; init; }

    public bool OomKilled { get; init; }

    public string? Error { get; init; }

    public HealthState? Health { get; init; }
}

public sealed record ContainerInfo(ContainerConfig Config, ContainerState State);

public sealed record ContainerExit(int ExitCode, bool OomKilled, DateTimeOffset FinishedAt);

public sealed record ExecConfig
{
    public required IReadOnlyList<string> Args { get; init; }

    /// <summary>Added to (and overriding) the container's env.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary>null = the container's user and working directory.</summary>
    public string? User { get; init; }

    public string? WorkingDir { get; init; }

    /// <summary>Run on a pseudo-terminal: output is one raw stream, input goes through the terminal.</summary>
    public bool Tty { get; init; }

    /// <summary>The terminal's initial size; 0 leaves it unset until a resize.</summary>
    public int Rows { get; init; }

    public int Columns { get; init; }
}

public sealed record ExecResult(int ExitCode, string Stdout, string Stderr);

/// <summary>CPU time in nanoseconds since the container started; memory in bytes (0 limit = unlimited).</summary>
public sealed record ContainerStats(DateTimeOffset Read, ulong CpuUsageNanos, ulong MemoryUsageBytes, ulong MemoryLimitBytes, ulong Pids);
