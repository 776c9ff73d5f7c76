using Swarm.Engine.Runtime.Logs;

namespace Swarm.Engine.Runtime;

public sealed partial class ContainerRuntime
{
    /// <summary>The container's json-file log; with Follow, new lines until the container exits.</summary>
    public IAsyncEnumerable<LogEntry> ReadLogsAsync(string id, LogReadOptions options, CancellationToken cancellationToken)
    {
        var entry = Get(id);
        return JsonFileLogReader.ReadAsync(entry.Dir.LogFile, options, () => entry.State.Status == ContainerStatus.Running, cancellationToken);
    }
}
