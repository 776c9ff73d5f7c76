using System.Collections.Concurrent;
using System.Threading.Channels;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Swarm.Agent.Tasks;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Exec.Logs;

namespace Swarm.Agent.Logs;

/// <summary>
/// Answers one subscription: reads every named task's log through its controller (all tasks at once, so follow
/// works), sends the lines in batches on one PublishLogs stream and ends it with close, naming what could not be
/// read. With follow, a task not here or not started yet is waited for (the leader may ask for a new task before
/// its assignment arrives, and a container does not exist before it starts).
/// </summary>
internal sealed partial class SubscriptionPublisher(
    AgentLogs.AgentLogsClient client, TaskSupervisor tasks, TimeProvider time, ILogger logger)
{
    private const int MaxBatch = 128;
    private static readonly TimeSpan StartPoll = TimeSpan.FromMilliseconds(100);

    public async Task RunAsync(SubscriptionMessage subscription, CancellationToken cancellationToken)
    {
        // Readers stop with this method, whichever way it ends (a failed send must not leave them blocked).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            using var call = client.PublishLogs(cancellationToken: cancellationToken);
            var options = Options(subscription.Options);
            var lines = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(MaxBatch * 4) { SingleReader = true });
            var errors = new ConcurrentQueue<string>();
            var readers = subscription.TaskIds.Select(id => ReadTaskAsync(id, options, lines.Writer, errors, stop.Token)).ToList();
            _ = Task.WhenAll(readers).ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);

            while (await lines.Reader.WaitToReadAsync(cancellationToken))
            {
                var batch = new PublishLogsMessage { SubscriptionId = subscription.Id };
                while (batch.Lines.Count < MaxBatch && lines.Reader.TryRead(out var line))
                    batch.Lines.Add(line);
                await call.RequestStream.WriteAsync(batch, cancellationToken);
            }
            await call.RequestStream.WriteAsync(
                new PublishLogsMessage { SubscriptionId = subscription.Id, Close = true, Error = string.Join("; ", errors) },
                cancellationToken);
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync;
        }
        catch (Exception e) when (e is OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            // The leader closed the subscription (the reader left) or the session ended.
        }
        catch (Exception e)
        {
            Log.PublishFailed(logger, subscription.Id, e.Message);
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private async Task ReadTaskAsync(
        string taskId, TaskLogOptions options, ChannelWriter<LogLine> lines, ConcurrentQueue<string> errors, CancellationToken cancellationToken)
    {
        try
        {
            if (options.Follow)
                await WaitStartedAsync(taskId, cancellationToken);
            if (tasks.Find(taskId) is not { } found)
            {
                errors.Enqueue($"task {taskId} is not on this node");
                return;
            }
            if (found.Controller is not ITaskLogs logs)
            {
                errors.Enqueue($"task {taskId}: this executor cannot read logs");
                return;
            }
            await foreach (var message in logs.ReadLogsAsync(options, cancellationToken))
            {
                await lines.WriteAsync(new LogLine
                {
                    TaskId = taskId,
                    TimeUnixNano = (message.Time - DateTimeOffset.UnixEpoch).Ticks * 100,
                    Stream = (int)message.Stream,
                    Data = ByteString.CopyFrom(message.Data.Span),
                }, cancellationToken);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            errors.Enqueue($"task {taskId}: {e.Message}");
        }
    }

    /// <summary>Until the task is here and its container started (or it ended without one); the subscription's close bounds it.</summary>
    private async Task WaitStartedAsync(string taskId, CancellationToken cancellationToken)
    {
        while (tasks.Find(taskId) is not { } found || (found.Task.Status.State < TaskState.Running && !found.Task.Status.State.IsTerminal()))
            await Task.Delay(StartPoll, time, cancellationToken);
    }

    private static TaskLogOptions Options(LogOptions options) => new()
    {
        Follow = options.Follow,
        Tail = options.HasTail ? options.Tail : null,
        Since = options.SinceUnixNano > 0 ? DateTimeOffset.UnixEpoch.AddTicks(options.SinceUnixNano / 100) : null,
        Stdout = options.Stdout,
        Stderr = options.Stderr,
    };
}
