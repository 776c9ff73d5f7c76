namespace Swarm.Agent.Logs;

/// <summary>
/// The subscriptions a node is publishing for. A followed service's subscription may arrive again with new tasks,
/// each answered by its own publisher; a close from the leader stops them all.
/// </summary>
internal sealed class ActiveSubscriptions : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly List<Task> running = [];

    /// <summary>Runs one publisher for <paramref name="id"/>, stopped by <see cref="Close"/> or <paramref name="session"/>.</summary>
    public void Start(string id, Func<CancellationToken, Task> publish, CancellationToken session)
    {
        Entry entry;
        lock (gate)
        {
            if (!entries.TryGetValue(id, out var existing))
                entries[id] = existing = new Entry(CancellationTokenSource.CreateLinkedTokenSource(session));
            entry = existing;
            entry.Publishers++;
        }
        var work = Task.Run(() => publish(entry.Stop.Token), CancellationToken.None);
        lock (gate)
            running.Add(work);
        _ = work.ContinueWith(_ => Finished(id, entry, work), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void Close(string id)
    {
        Entry? entry;
        lock (gate)
            entries.Remove(id, out entry);
        entry?.Stop.Cancel();
    }

    /// <summary>Stops every publisher and waits for them.</summary>
    public async Task StopAllAsync()
    {
        List<Entry> all;
        List<Task> work;
        lock (gate)
        {
            all = entries.Values.ToList();
            entries.Clear();
            work = running.ToList();
        }
        foreach (var entry in all)
            await entry.Stop.CancelAsync();
        await Task.WhenAll(work).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void Finished(string id, Entry entry, Task work)
    {
        lock (gate)
        {
            running.Remove(work);
            if (--entry.Publishers > 0)
                return;
            if (entries.TryGetValue(id, out var current) && current == entry)
                entries.Remove(id);
        }
        entry.Stop.Dispose();
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var entry in entries.Values)
                entry.Stop.Dispose();
            entries.Clear();
        }
    }

    private sealed class Entry(CancellationTokenSource stop)
    {
        public CancellationTokenSource Stop { get; } = stop;
        public int Publishers { get; set; }
    }
}
