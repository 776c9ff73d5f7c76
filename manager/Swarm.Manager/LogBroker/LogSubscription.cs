using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;

namespace Swarm.Manager.LogBroker;

/// <summary>
/// One reader's request for logs, spread over the nodes that run its tasks. Lines from every node are merged in
/// the order they arrive (each task's own order kept). Every subscription message sent to a node is answered by
/// one publish stream; the node is finished when all its streams closed, its session ended, it was never
/// connected, or (without follow) it stayed silent too long. A node that finished without sending everything
/// leaves a warning. The subscription ends once every node is finished, except a followed service's, which waits
/// for new tasks until the reader leaves (as `docker service logs -f` does).
/// </summary>
public sealed class LogSubscription : IAsyncDisposable
{
    private readonly LogSubscriptions owner;
    private readonly TimeProvider time;
    private readonly TimeSpan silenceTimeout;
    private readonly bool staysOpen;
    private readonly Channel<LogEntry> lines;
    private readonly Lock gate = new();
    // Node → the task ids sent to it; only those may be published by it (and only by it).
    private readonly Dictionary<string, HashSet<string>> sentTo = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeProgress> pending = new(StringComparer.Ordinal);
    private readonly List<string> warnings = [];
    private bool disposed;
    private CancellationTokenRegistration termEnd;
    // Until every first message went out, an empty pending set means "not asked yet", not "all done".
    private bool sent;

    internal LogSubscription(LogSubscriptions owner, LogSelection selection, TimeProvider time, LogBrokerOptions options)
    {
        this.owner = owner;
        this.time = time;
        silenceTimeout = options.NodeSilenceTimeout;
        Options = selection.Options;
        staysOpen = selection.Options.Follow && selection.ServiceIds.Count > 0;
        lines = Channel.CreateBounded<LogEntry>(new BoundedChannelOptions(options.BufferedLines) { SingleWriter = false });
    }

    public string Id { get; } = Ids.New();
    public LogOptions Options { get; }

    /// <summary>Why some logs are missing; complete once <see cref="ReadAllAsync"/> has ended.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (gate)
                return warnings.ToList();
        }
    }

    /// <summary>Every line, until every node is finished or <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<LogEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = lines.Reader;
        Task<bool>? waiting = null;
        while (true)
        {
            waiting ??= reader.WaitToReadAsync(cancellationToken).AsTask();
            if (!Options.Follow)
            {
                // Wake now and then to give up on nodes that went silent.
                try
                {
                    await waiting.WaitAsync(silenceTimeout / 4, time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    GiveUpOnSilentNodes();
                    continue;
                }
            }
            if (!await waiting)
                yield break;
            waiting = null;
            while (reader.TryRead(out var entry))
                yield return entry;
        }
    }

    /// <summary>True when <paramref name="nodeId"/> was asked for <paramref name="taskId"/>.</summary>
    internal bool Allows(string nodeId, string taskId)
    {
        lock (gate)
            return sentTo.TryGetValue(nodeId, out var tasks) && tasks.Contains(taskId);
    }

    internal bool WasSentTo(string nodeId)
    {
        lock (gate)
            return sentTo.ContainsKey(nodeId);
    }

    /// <summary>
    /// Records that one more subscription message, naming <paramref name="taskIds"/> (those not asked before), goes
    /// to the node; returns them, empty when there is nothing new. The node then owes one more publish stream.
    /// </summary>
    internal IReadOnlyList<string> AddTasks(string nodeId, IEnumerable<string> taskIds)
    {
        lock (gate)
        {
            if (disposed)
                return [];
            if (!sentTo.TryGetValue(nodeId, out var known))
                sentTo[nodeId] = known = new HashSet<string>(StringComparer.Ordinal);
            var fresh = taskIds.Where(known.Add).ToList();
            if (fresh.Count == 0)
                return fresh;
            var progress = pending.GetValueOrDefault(nodeId) ?? new NodeProgress();
            progress.Streams++;
            progress.LastHeard = time.GetUtcNow();
            pending[nodeId] = progress;
            return fresh;
        }
    }

    /// <summary>Hands a published line to the reader, waiting while its buffer is full; false once the reader is gone.</summary>
    internal async ValueTask<bool> PublishAsync(LogEntry entry, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!pending.TryGetValue(entry.NodeId, out var progress))
                return false;
            progress.LastHeard = time.GetUtcNow();
        }
        try
        {
            await lines.Writer.WriteAsync(entry, cancellationToken);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>One of the node's publish streams closed; <paramref name="warning"/> says what the reader misses, if anything.</summary>
    internal void StreamFinished(string nodeId, string? warning) => Finish(nodeId, warning, wholeNode: false);

    /// <summary>The node will send nothing more at all (not connected, disconnected, silent).</summary>
    internal void NodeLost(string nodeId, string warning) => Finish(nodeId, warning, wholeNode: true);

    /// <summary>Ends the reading, with a warning, when <paramref name="term"/> (this manager's leadership) ends.</summary>
    internal void EndsWith(CancellationToken term)
        => termEnd = term.Register(() =>
        {
            lock (gate)
            {
                pending.Clear();
                warnings.Add("this manager stopped leading the swarm: retry on the new leader");
            }
            lines.Writer.TryComplete();
        });

    /// <summary>Every first message was sent (or found undeliverable): with nothing to wait for, the reading ends.</summary>
    internal void Sent()
    {
        lock (gate)
        {
            sent = true;
            if (pending.Count > 0 || staysOpen)
                return;
        }
        lines.Writer.TryComplete();
    }

    /// <summary>Nodes not finished yet (the broker tells them to stop when the reader goes away).</summary>
    internal IReadOnlyList<string> PendingNodes()
    {
        lock (gate)
            return pending.Keys.ToList();
    }

    private void Finish(string nodeId, string? warning, bool wholeNode)
    {
        lock (gate)
        {
            if (!pending.TryGetValue(nodeId, out var progress))
                return;
            if (!string.IsNullOrEmpty(warning))
                warnings.Add(warning);
            if (!wholeNode && --progress.Streams > 0)
                return;
            pending.Remove(nodeId);
            if (pending.Count > 0 || staysOpen || !sent)
                return;
        }
        lines.Writer.TryComplete();
    }

    private void GiveUpOnSilentNodes()
    {
        var now = time.GetUtcNow();
        List<string> silent;
        lock (gate)
            silent = pending.Where(p => now - p.Value.LastHeard >= silenceTimeout).Select(p => p.Key).ToList();
        foreach (var node in silent)
            NodeLost(node, $"node {node} sent nothing for {silenceTimeout.TotalSeconds:0} s");
    }

    /// <summary>The reader is done: nodes still publishing are told to stop.</summary>
    public ValueTask DisposeAsync()
    {
        lock (gate)
        {
            if (disposed)
                return ValueTask.CompletedTask;
            disposed = true;
        }
        lines.Writer.TryComplete();
        owner.Close(this);
        return termEnd.DisposeAsync();
    }

    private sealed class NodeProgress
    {
        public int Streams { get; set; }
        public DateTimeOffset LastHeard { get; set; }
    }
}
