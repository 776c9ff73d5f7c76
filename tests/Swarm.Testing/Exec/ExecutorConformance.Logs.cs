using Swarm.Api.Objects;
using Swarm.Exec.Logs;
using Xunit;

namespace Swarm.Testing.Exec;

/// <summary>Task logs: what an executor's controllers must serve to `docker service logs`.</summary>
public abstract partial class ExecutorConformance
{
    [Fact]
    public async Task ReadLogs_RunningTask_ReturnsLinesByStreamWithTail()
    {
        if (Prints(["one", "two", "three"], "oops") is not { } spec)
            return;
        var (controller, task) = Controller(spec);
        await StepUntilAsync(controller, task, TaskState.Running);
        var logs = Assert.IsAssignableFrom<ITaskLogs>(controller);

        // The process writes after it started: wait (bounded) until all four lines are there.
        await Eventually.TrueAsync(
            async () => (await ReadAsync(logs, new TaskLogOptions())).Count == 4, StepTimeout, "four log lines");
        var all = await ReadAsync(logs, new TaskLogOptions());
        var stdout = await ReadAsync(logs, new TaskLogOptions { Stderr = false });
        var lastTwo = await ReadAsync(logs, new TaskLogOptions { Tail = 2, Stderr = false });
        var future = await ReadAsync(logs, new TaskLogOptions { Since = all[^1].Time.AddSeconds(1) });

        Assert.Equal(["one\n", "two\n", "three\n"], stdout.Select(Text));
        Assert.Equal(["two\n", "three\n"], lastTwo.Select(Text));
        Assert.Contains(all, m => m.Stream == TaskLogStream.Stderr && Text(m) == "oops\n");
        Assert.Empty(future);
    }

    [Fact]
    public async Task ReadLogs_Follow_EndsWhenTheContainerStops()
    {
        if (Prints(["hello"], "err") is not { } spec)
            return;
        var (controller, task) = Controller(spec with { StopGracePeriod = TimeSpan.FromSeconds(2) });
        task = await StepUntilAsync(controller, task, TaskState.Running);
        var logs = Assert.IsAssignableFrom<ITaskLogs>(controller);
        await Eventually.TrueAsync(
            async () => (await ReadAsync(logs, new TaskLogOptions())).Count == 2, StepTimeout, "two log lines");

        using var timeout = new CancellationTokenSource(StepTimeout);
        var following = ReadAsync(logs, new TaskLogOptions { Follow = true, Stderr = false }, timeout.Token);
        await StepUntilAsync(controller, task with { DesiredState = TaskState.Shutdown }, TaskState.Shutdown);
        var followed = await following;

        Assert.Equal(["hello\n"], followed.Select(Text));
    }

    private static async Task<List<TaskLogMessage>> ReadAsync(ITaskLogs logs, TaskLogOptions options, CancellationToken cancellationToken = default)
    {
        var read = new List<TaskLogMessage>();
        await foreach (var message in logs.ReadLogsAsync(options, cancellationToken))
            read.Add(message);
        return read;
    }

    private static string Text(TaskLogMessage message) => System.Text.Encoding.UTF8.GetString(message.Data.Span);
}
