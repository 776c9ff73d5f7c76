namespace Swarm.Exec.Logs;

/// <summary>
/// A task controller that can read its container's output (SwarmKit's ControllerLogs). Optional: the agent asks
/// <c>controller is ITaskLogs</c> and reports "logs not supported" for a controller that is not.
/// </summary>
public interface ITaskLogs
{
    /// <summary>
    /// The container's log lines, oldest first. Without <see cref="TaskLogOptions.Follow"/> the sequence ends after
    /// the last line written so far; with it, it goes on with new lines until the container exits or the token is
    /// cancelled. A task whose container does not exist yet has no lines.
    /// </summary>
    IAsyncEnumerable<TaskLogMessage> ReadLogsAsync(TaskLogOptions options, CancellationToken cancellationToken);
}
