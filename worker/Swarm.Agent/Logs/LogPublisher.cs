using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Swarm.Agent.Tasks;
using Swarm.Api.Dispatch;

namespace Swarm.Agent.Logs;

/// <summary>
/// The node's side of the log broker for one session: listens for subscriptions from the leader and answers each
/// on its own PublishLogs stream (<see cref="SubscriptionPublisher"/>) until it is done or the leader closes it.
/// Never ends the session: a broken listen stream is opened again, and a manager without a broker is waited out.
/// </summary>
internal sealed partial class LogPublisher(
    AgentLogs.AgentLogsClient client, TaskSupervisor tasks, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task RunAsync(string sessionId, CancellationToken cancellationToken)
    {
        var active = new ConcurrentDictionary<string, CancellationTokenSource>(StringComparer.Ordinal);
        var running = new ConcurrentDictionary<Task, bool>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    using var call = client.ListenSubscriptions(
                        new ListenSubscriptionsRequest { SessionId = sessionId }, cancellationToken: cancellationToken);
                    await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
                    {
                        if (message.Close)
                        {
                            if (active.TryRemove(message.Id, out var stop))
                                await stop.CancelAsync();
                            continue;
                        }
                        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        active[message.Id] = cancel;
                        var publisher = new SubscriptionPublisher(client, tasks, time, logger);
                        var work = Task.Run(() => publisher.RunAsync(message, cancel.Token), CancellationToken.None);
                        running[work] = true;
                        _ = work.ContinueWith(done =>
                        {
                            running.TryRemove(done, out _);
                            if (((ICollection<KeyValuePair<string, CancellationTokenSource>>)active).Remove(new(message.Id, cancel)))
                                cancel.Dispose();
                        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    }
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
                {
                    // A manager without a log broker: logs are simply unavailable for this session.
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.ListenFailed(logger, e.Message);
                }
                await Task.Delay(RetryDelay, time, cancellationToken);
            }
        }
        finally
        {
            foreach (var cancel in active.Values)
                await cancel.CancelAsync();
            await Task.WhenAll(running.Keys).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
