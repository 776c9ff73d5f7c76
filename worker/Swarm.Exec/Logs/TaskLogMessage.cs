namespace Swarm.Exec.Logs;

/// <summary>One line a container wrote, its trailing newline included (as Docker's json-file keeps it).</summary>
public sealed record TaskLogMessage(DateTimeOffset Time, TaskLogStream Stream, ReadOnlyMemory<byte> Data);

/// <summary>Which output a line came from; the numbers are Docker's stream-frame types.</summary>
public enum TaskLogStream
{
    Stdout = 1,
    Stderr = 2,
}
