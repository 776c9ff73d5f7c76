using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;

namespace Swarm.Manager.LogBroker;

/// <summary>
/// One reader's request for logs, spread over the nodes that run its tasks. Lines from every node are merged in
/// the order they arrive (each task's own order kept). It ends once every node is finished: it said close, its
/// session ended, it was never connected, or (without follow) it stayed silent too long. A node that finished
/// without sending everything leaves a warning for the reader.
/// </summary>
public sealed class LogSubscription : IAsyncDisposable
{
    private readonly LogSubscriptions owner;
    private readonly TimeProvider time;
    private readonly TimeSpan silenceTimeout;
    private readonly Channel<LogEntry> lines;
    private readonly Lock gate = new();
    // Node → the task ids sent to it; only those may be published by it (and only by it).
    private readonly Dictionary<string, HashSet<string>> sentTo = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> pending = new(StringComparer.Ordinal);
    private readonly List<string> warnings = [];
    private bool disposed;

    internal LogSubscription(LogSubscriptions owner, LogSelection selection, TimeProvider time, LogBrokerOptions options)
    {
        this.owner = owner;
        this.time = time;
        silenceTimeout = options.NodeSilenceTimeout;
        Options = selection.Options;
        lines = Channel.CreateBounded<LogEntry>(new BoundedChannelOptions(options.BufferedLines) { SingleWriter = false });
        var now = time.GetUtcNow();
        foreach (var (node, tasks) in selection.TasksByNode)
        {
            sentTo[node] = tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            pending[node] = now;
        }
        if (pending.Count == 0)
            lines.Writer.TryComplete();
    }

    public string Id { get; } = Ids.New();
    public LogOptions Options { get; }

    /// <summary>The nodes asked, each with its task ids.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Nodes => sentTo;

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
        => sentTo.TryGetValue(nodeId, out var tasks) && tasks.Contains(taskId);

    internal bool WasSentTo(string nodeId) => sentTo.ContainsKey(nodeId);

    /// <summary>Hands a published line to the reader, waiting while its buffer is full; false once the reader is gone.</summary>
    internal async ValueTask<bool> PublishAsync(LogEntry entry, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!pending.ContainsKey(entry.NodeId))
                return false;
            pending[entry.NodeId] = time.GetUtcNow();
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

    /// <summary>The node has nothing more; <paramref name="warning"/> says what the reader misses, if anything.</summary>
    internal void NodeFinished(string nodeId, string? warning)
    {
        lock (gate)
        {
            if (!pending.Remove(nodeId))
                return;
            if (!string.IsNullOrEmpty(warning))
                warnings.Add(warning);
            if (pending.Count > 0)
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

    private void GiveUpOnSilentNodes()
    {
        var now = time.GetUtcNow();
        List<string> silent;
        lock (gate)
            silent = pending.Where(p => now - p.Value >= silenceTimeout).Select(p => p.Key).ToList();
        foreach (var node in silent)
            NodeFinished(node, $"node {node} sent nothing for {silenceTimeout.TotalSeconds:0} s");
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
        return ValueTask.CompletedTask;
    }
}
