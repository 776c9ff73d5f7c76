using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store.Watch;
using Swarm.Testing.Replication;

namespace Swarm.Store.Tests.Watch;

/// <summary>
/// "A snapshot and every event after it, never one more, never one less", checked while many writers race: each
/// watcher's snapshot plus its events must rebuild exactly the final state, with one commit per version and no gaps.
/// </summary>
public sealed class ViewAndWatchConcurrencyTests
{
    private const int Writers = 8;
    private const int OperationsPerWriter = 400;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ViewAndWatch_ManyConcurrentWriters_SnapshotPlusEventsRebuildFinalState(bool replicated)
    {
        var follower = new MemoryStore();
        var store = replicated ? NewReplicatedStore(follower) : new MemoryStore();
        var drains = new List<Drain> { new(store.ViewAndWatch()) };
        using var go = new ManualResetEventSlim();
        var conflicts = 0;

        // Dedicated threads, so writers preempt one another even where the thread pool is small.
        var writers = Enumerable.Range(0, Writers).Select(seed => Task.Factory.StartNew(async () =>
        {
            go.Wait(TimeSpan.FromSeconds(30));
            await WriteAsync(store, seed, step =>
            {
                // One writer joins new watches while the others are busy, so each starts between two racing commits.
                if (seed == 0 && step % 100 == 50)
                {
                    lock (drains)
                        drains.Add(new Drain(store.ViewAndWatch()));
                }
            }, () => Interlocked.Increment(ref conflicts));
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToList();
        go.Set();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        var final = store.Snapshot();

        Assert.True(conflicts > 0, "the writers never raced; the test proves nothing");
        if (replicated)
            Assert.Equal(SnapshotBytes(store), SnapshotBytes(follower));
        Assert.Equal(1 + OperationsPerWriter / 100, drains.Count);
        foreach (var drain in drains)
        {
            var snapshot = drain.Watch.Snapshot;
            var rebuilt = Objects(snapshot);
            var expectedVersion = snapshot.Version;
            var pending = new List<StoreEvent>();
            foreach (var e in await drain.StopAfterAsync(final.Version))
            {
                if (e.Kind != EventKind.Commit)
                {
                    pending.Add(e);
                    continue;
                }
                Assert.Equal(++expectedVersion, e.Version);
                Assert.All(pending, change => Assert.Equal(e.Version, change.Version));
                foreach (var change in pending)
                    ApplyTo(rebuilt, change);
                pending.Clear();
            }
            Assert.Empty(pending);
            Assert.Equal(final.Version, expectedVersion);
            Assert.Equal(Objects(final).OrderBy(kv => kv.Key), rebuilt.OrderBy(kv => kv.Key));
        }
    }

    private static MemoryStore NewReplicatedStore(MemoryStore follower)
    {
        var proposer = new InlineReplicaProposer();
        var store = new MemoryStore(proposer);
        proposer.AddReplica(store);
        proposer.AddReplica(follower);
        return store;
    }

    private static byte[] SnapshotBytes(MemoryStore store)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        store.CaptureSnapshot().WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static async Task WriteAsync(MemoryStore store, int seed, Action<int> beforeStep, Action conflicted)
    {
        var random = new Random(seed);
        for (var i = 0; i < OperationsPerWriter; i++)
        {
            beforeStep(i);
            Thread.Yield();
            try
            {
                switch (random.Next(5))
                {
                    case 0:
                        await store.UpdateAsync(tx => tx.Nodes.Create(StoreObjects.Node()));
                        break;
                    case 1:
                        await store.UpdateAsync(tx =>
                        {
                            var web = StoreObjects.Service($"web-{seed}-{i}");
                            tx.Services.Create(web);
                            tx.Tasks.Create(StoreObjects.TaskOf(web.Id, 1));
                            tx.Tasks.Create(StoreObjects.TaskOf(web.Id, 2));
                        });
                        break;
                    case 2:
                        await store.UpdateAsync(tx =>
                        {
                            if (Pick(random, tx.Nodes.All()) is { } node)
                                tx.Nodes.Delete(node);
                            Thread.Yield(); // widen the window between reading and committing
                        });
                        break;
                    default:
                        await store.UpdateAsync(tx =>
                        {
                            if (Pick(random, tx.Nodes.All()) is { } node)
                                tx.Nodes.Update(node with { Status = new NodeStatus { Message = $"{seed}/{i}" } });
                            if (Pick(random, tx.Tasks.All()) is { } task)
                                tx.Tasks.Update(task with { DesiredState = TaskState.Shutdown });
                            Thread.Yield();
                        });
                        break;
                }
            }
            catch (Exception e) when (e is VersionConflictException or NotFoundException)
            {
                // Another writer got there first: expected under contention.
                conflicted();
            }
        }
    }

    private static T? Pick<T>(Random random, IEnumerable<T> all) where T : class
    {
        var list = all.ToList();
        return list.Count == 0 ? null : list[random.Next(list.Count)];
    }

    private static Dictionary<(ObjectKind, string), ISwarmObject> Objects(Store.Transactions.ReadTransaction read)
    {
        var all = new Dictionary<(ObjectKind, string), ISwarmObject>();
        foreach (var o in read.Nodes.All()) all[(ObjectKind.Node, o.Id)] = o;
        foreach (var o in read.Services.All()) all[(ObjectKind.Service, o.Id)] = o;
        foreach (var o in read.Tasks.All()) all[(ObjectKind.Task, o.Id)] = o;
        return all;
    }

    private static void ApplyTo(Dictionary<(ObjectKind, string), ISwarmObject> state, StoreEvent e)
    {
        var key = (e.ObjectKind, e.Object!.Id);
        switch (e.Kind)
        {
            case EventKind.Create:
                Assert.True(state.TryAdd(key, e.Object), $"create of {key} that the watch already had");
                break;
            case EventKind.Update:
                Assert.True(state.TryGetValue(key, out var before), $"update of {key} the watch never saw created");
                Assert.Equal(before, e.Previous);
                state[key] = e.Object;
                break;
            case EventKind.Delete:
                Assert.True(state.Remove(key, out var removed), $"delete of {key} the watch never saw created");
                Assert.Equal(removed, e.Object);
                return; // a delete carries the object as it was, at its older version
        }
        Assert.Equal(e.Version, e.Object.Meta.Version);
    }

    /// <summary>Reads a watch as the writers go, as a control loop would, so no watch falls behind.</summary>
    private sealed class Drain
    {
        private readonly List<StoreEvent> events = [];
        private readonly CancellationTokenSource stop = new();
        private readonly Task reading;
        private long lastCommit;

        public Drain(StoreWatch watch)
        {
            Watch = watch;
            lastCommit = (long)watch.Snapshot.Version;
            reading = Task.Run(ReadAsync);
        }

        public StoreWatch Watch { get; }

        /// <summary>Waits (bounded) for the commit of <paramref name="version"/>, then stops and returns all events.</summary>
        public async Task<List<StoreEvent>> StopAfterAsync(ulong version)
        {
            var deadline = DateTime.UtcNow + WatchReading.Timeout;
            while ((ulong)Volatile.Read(ref lastCommit) < version && DateTime.UtcNow < deadline)
                await Task.Delay(10);
            await stop.CancelAsync();
            await reading.WaitAsync(WatchReading.Timeout);
            Assert.False(Watch.Events.TryRead(out _), "an event after the final version");
            Watch.Dispose();
            return events;
        }

        private async Task ReadAsync()
        {
            try
            {
                await foreach (var e in Watch.Events.ReadAllAsync(stop.Token))
                {
                    events.Add(e);
                    if (e.Kind == EventKind.Commit)
                        Volatile.Write(ref lastCommit, (long)e.Version);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
