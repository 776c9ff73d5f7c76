using System.Runtime.CompilerServices;
using System.Text;
using Swarm.Engine.Runtime.Logs;
using Swarm.Exec.Logs;

namespace Swarm.Engine.Executor;

/// <summary>The task's container output, read from the runtime's json-file log (what `docker service logs` shows).</summary>
internal sealed partial class ContainerTaskController : ITaskLogs
{
    public async IAsyncEnumerable<TaskLogMessage> ReadLogsAsync(TaskLogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // No container yet (not prepared, or already removed): nothing was written.
        if (executor.FindContainer(task.Id) is not { } container)
            yield break;
        var read = new LogReadOptions(options.Follow, options.Tail, options.Since, options.Stdout, options.Stderr);
        await foreach (var entry in Runtime.ReadLogsAsync(container.Config.Id, read, cancellationToken))
        {
            var stream = entry.Stream == "stderr" ? TaskLogStream.Stderr : TaskLogStream.Stdout;
            yield return new TaskLogMessage(entry.Time, stream, Encoding.UTF8.GetBytes(entry.Message));
        }
    }
}
