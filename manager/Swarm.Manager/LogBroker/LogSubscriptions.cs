using Microsoft.Extensions.Logging;
using Swarm.Api.Errors;
using Swarm.Api.Dispatch;
using Swarm.Manager.Dispatching;
using Swarm.Store;

namespace Swarm.Manager.LogBroker;

/// <summary>
/// The log broker's state on the leader: which nodes listen for subscriptions and which subscriptions are open.
/// Why the leader: agents keep their one dispatcher session with the leader (followers refuse them), so only the
/// leader can reach every node; a follower answers log requests with 503 rather than forwarding them, since a log
/// stream is long-lived and the leader is one hop away for the client too.
/// </summary>
public sealed partial class LogSubscriptions(
    ILeadership leadership, SessionRegistry sessions, LogBrokerOptions options, TimeProvider time, ILogger<LogSubscriptions> logger)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, NodeLogListener> listeners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LogSubscription> open = new(StringComparer.Ordinal);

    /// <summary>True while this manager leads and its dispatcher serves: only then can logs be read here.</summary>
    public bool IsServing => leadership.IsLeader && sessions.IsActive;

    /// <summary>
    /// Opens a subscription and sends it to every selected node now listening; a node that is not (down, or its
    /// agent is gone) is finished at once with a warning. Dispose the subscription when done reading.
    /// </summary>
    public async Task<LogSubscription> SubscribeAsync(LogSelection selection, CancellationToken cancellationToken)
    {
        var term = await TermAsync(cancellationToken);
        var subscription = new LogSubscription(this, selection, time, options);
        // A manager that stops leading loses every session: end the reading with a warning rather than go silent.
        subscription.EndsWith(term);
        lock (gate)
            open[subscription.Id] = subscription;
        var missing = 0;
        foreach (var (node, tasks) in selection.TasksByNode)
            missing += Extend(subscription, node, tasks.Select(t => t.Id)) ? 0 : 1;
        subscription.Sent();
        Log.Subscribed(logger, subscription.Id, selection.TasksByNode.Count, missing);
        return subscription;
    }

    /// <summary>
    /// Asks the node for the tasks among <paramref name="taskIds"/> it was not asked for yet (a followed service's
    /// new tasks). False when the node is not listening: it is then finished with a warning.
    /// </summary>
    public bool Extend(LogSubscription subscription, string nodeId, IEnumerable<string> taskIds)
    {
        var fresh = subscription.AddTasks(nodeId, taskIds);
        if (fresh.Count == 0)
            return true;
        var message = new SubscriptionMessage { Id = subscription.Id, Options = subscription.Options };
        message.TaskIds.AddRange(fresh);
        bool sent;
        lock (gate)
            sent = listeners.TryGetValue(nodeId, out var listener) && listener.Send(message);
        if (!sent)
            subscription.NodeLost(nodeId, $"node {nodeId} is not available");
        return sent;
    }

    /// <summary>This leadership term's token; NotLeaderException when this manager does not lead (or no longer does).</summary>
    private async Task<CancellationToken> TermAsync(CancellationToken cancellationToken)
    {
        if (!IsServing)
            throw new NotLeaderException(leadership.LeaderAddress);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            return await leadership.WaitForLeadershipAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NotLeaderException(leadership.LeaderAddress);
        }
    }

    internal LogSubscription? Find(string id)
    {
        lock (gate)
            return open.GetValueOrDefault(id);
    }

    /// <summary>The node's new subscription stream; one it had before is ended.</summary>
    internal NodeLogListener Listen(string nodeId)
    {
        var listener = new NodeLogListener(nodeId);
        NodeLogListener? previous;
        lock (gate)
        {
            listeners.Remove(nodeId, out previous);
            listeners[nodeId] = listener;
        }
        previous?.End();
        if (previous is not null)
            Disconnected(nodeId);
        return listener;
    }

    /// <summary>The node's stream ended: subscriptions still waiting on it will get nothing more from it.</summary>
    internal void Unlisten(NodeLogListener listener)
    {
        lock (gate)
        {
            if (!listeners.TryGetValue(listener.NodeId, out var current) || current != listener)
                return;
            listeners.Remove(listener.NodeId);
        }
        Disconnected(listener.NodeId);
    }

    /// <summary>A subscription's reader is done: nodes still at work are told to stop.</summary>
    internal void Close(LogSubscription subscription)
    {
        lock (gate)
        {
            open.Remove(subscription.Id);
            foreach (var node in subscription.PendingNodes())
            {
                if (listeners.TryGetValue(node, out var listener))
                    listener.Send(new SubscriptionMessage { Id = subscription.Id, Close = true });
            }
        }
    }

    private void Disconnected(string nodeId)
    {
        List<LogSubscription> waiting;
        lock (gate)
            waiting = open.Values.Where(s => s.PendingNodes().Contains(nodeId)).ToList();
        foreach (var subscription in waiting)
            subscription.NodeLost(nodeId, $"node {nodeId} disconnected before sending all logs");
    }
}
