namespace Swarm.Exec.Logs;

/// <summary>
/// What to read: <see cref="Tail"/> = the last N lines of the selected streams (null = all), <see cref="Since"/> =
/// lines written at or after that time. Formatting (timestamps, details) is the reader's business, not the node's.
/// </summary>
public sealed record TaskLogOptions
{
    public bool Follow { get; init; }
    public int? Tail { get; init; }
    public DateTimeOffset? Since { get; init; }
    public bool Stdout { get; init; } = true;
    public bool Stderr { get; init; } = true;

    public bool Wants(TaskLogStream stream) => stream == TaskLogStream.Stderr ? Stderr : Stdout;
}
