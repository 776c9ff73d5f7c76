using Grpc.Core;
using Microsoft.Extensions.Logging;
using Swarm.Agent.Tasks;
using Swarm.Api.Dispatch;

namespace Swarm.Agent.Logs;

/// <summary>
/// The node's side of the log broker for one session: listens for subscriptions from the leader and answers each
/// message on its own PublishLogs stream (<see cref="SubscriptionPublisher"/>) until it is done or the leader
/// closes the subscription. Never ends the session: a broken listen stream is opened again, and a manager without
/// a log broker is waited out.
/// </summary>
internal sealed partial class LogPublisher(AgentLogs.AgentLogsClient client, TaskSupervisor tasks, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task RunAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var active = new ActiveSubscriptions();
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
                            active.Close(message.Id);
                            continue;
                        }
                        var publisher = new SubscriptionPublisher(client, tasks, time, logger);
                        active.Start(message.Id, stop => publisher.RunAsync(message, stop), cancellationToken);
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
            await active.StopAllAsync();
        }
    }
}
