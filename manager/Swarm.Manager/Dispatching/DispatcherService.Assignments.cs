using Grpc.Core;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Store.Watch;

namespace Swarm.Manager.Dispatching;

public sealed partial class DispatcherService
{
    /// <summary>
    /// First the node's COMPLETE set, then, after each burst of relevant commits, the INCREMENTAL difference. A
    /// watch that falls behind is replaced and a new COMPLETE set sent, which the contract allows at any time.
    /// </summary>
    public override async Task Assignments(AssignmentsRequest request, IServerStreamWriter<AssignmentsMessage> responseStream, ServerCallContext context)
    {
        var caller = CallerIdentity.Require(context, Nodes);
        EnsureServing();
        var session = sessions.Find(caller.NodeId, request.SessionId) ?? throw SessionNotFound();
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, session.Ended);
        ulong sequence = 0;
        try
        {
            while (true)
            {
                try
                {
                    await StreamAsync(caller.NodeId, responseStream, () => ++sequence, streaming.Token);
                }
                catch (WatchClosedException e)
                {
                    Log.AssignmentsResent(logger, caller.NodeId, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The agent went away.
        }
        catch (OperationCanceledException) when (session.Ended.IsCancellationRequested)
        {
            // Replaced by a newer registration, expired, or this manager stopped leading: tell the agent which.
            if (!leadership.IsLeader || !sessions.IsActive)
                throw NotLeader();
            throw SessionNotFound();
        }
    }

    private async Task StreamAsync(
        string nodeId, IServerStreamWriter<AssignmentsMessage> stream, Func<ulong> nextSequence, CancellationToken cancellationToken)
    {
        // The networks the node uses decide which other tasks matter; the filter reads the latest set.
        var networks = new WatchedNetworks();
        using var watch = store.ViewAndWatch(e => AssignmentSet.Concerns(e, nodeId, networks.Current));
        var reader = new WatchReader(watch, time);
        var sent = AssignmentSet.Build(watch.Snapshot, nodeId, protector);
        var complete = new AssignmentsMessage { Type = AssignmentsMessage.Types.Type.Complete, Sequence = nextSequence() };
        complete.Changes.AddRange(sent.All());
        await stream.WriteAsync(complete, cancellationToken);
        // Events filtered with an older network set may have been missed: look again at once when it changed.
        var recheck = Widen(networks, sent);
        while (true)
        {
            if (!recheck)
            {
                await reader.WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);
                foreach (var _ in reader.Drain())
                {
                }
            }
            // The snapshot may be newer than the drained events; their own wake-up then finds nothing new.
            var next = AssignmentSet.Build(store.Snapshot(), nodeId, protector, sent);
            recheck = Widen(networks, next);
            var changes = next.Diff(sent);
            sent = next;
            if (changes.Count == 0)
                continue;
            var message = new AssignmentsMessage { Type = AssignmentsMessage.Types.Type.Incremental, Sequence = nextSequence() };
            message.Changes.AddRange(changes);
            await stream.WriteAsync(message, cancellationToken);
        }
    }

    /// <summary>Points the filter at the set's networks; true when they include one the filter did not watch.</summary>
    private static bool Widen(WatchedNetworks networks, AssignmentSet set)
    {
        var before = networks.Current;
        if (before.SetEquals(set.NetworkIds))
            return false;
        networks.Current = set.NetworkIds;
        return set.NetworkIds.Any(id => !before.Contains(id));
    }

    /// <summary>Written by the stream, read by its watch filter on the store's apply thread.</summary>
    private sealed class WatchedNetworks
    {
        private volatile IReadOnlySet<string> current = new HashSet<string>();

        public IReadOnlySet<string> Current
        {
            get => current;
            set => current = value;
        }
    }
}
