using System.Runtime.CompilerServices;
using System.Text;
using Swarm.Exec.Logs;

namespace Swarm.Testing.Exec;

/// <summary>A fake container's output: lines kept in memory, readers following it woken on every new line.</summary>
public sealed class FakeContainerLog(TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly List<TaskLogMessage> lines = [];
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool closed;

    /// <summary>Writes one line (a newline is added).</summary>
    public void Write(TaskLogStream stream, string line)
    {
        TaskCompletionSource wake;
        lock (gate)
        {
            lines.Add(new TaskLogMessage(time.GetUtcNow(), stream, Encoding.UTF8.GetBytes(line + "\n")));
            wake = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.TrySetResult();
    }

    /// <summary>The process exited: followers stop once they have read everything.</summary>
    internal void Close()
    {
        TaskCompletionSource wake;
        lock (gate)
        {
            closed = true;
            wake = changed;
        }
        wake.TrySetResult();
    }

    public async IAsyncEnumerable<TaskLogMessage> ReadAsync(TaskLogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<TaskLogMessage> history;
        int read;
        lock (gate)
        {
            history = lines.Where(l => Wanted(l, options)).ToList();
            read = lines.Count;
        }
        foreach (var line in options.Tail is { } tail ? history.TakeLast(tail) : history)
            yield return line;
        while (options.Follow)
        {
            Task wait;
            List<TaskLogMessage> fresh;
            bool done;
            lock (gate)
            {
                fresh = lines.Skip(read).Where(l => Wanted(l, options)).ToList();
                read = lines.Count;
                done = closed;
                wait = changed.Task;
            }
            foreach (var line in fresh)
                yield return line;
            if (done)
                yield break;
            await wait.WaitAsync(cancellationToken);
        }
    }

    private static bool Wanted(TaskLogMessage line, TaskLogOptions options)
        => options.Wants(line.Stream) && (options.Since is not { } since || line.Time >= since);
}
