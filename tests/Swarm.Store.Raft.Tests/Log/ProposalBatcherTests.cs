using System.Buffers;
using System.Collections.Concurrent;
using Swarm.Store.Raft.Log;

namespace Swarm.Store.Raft.Tests.Log;

public class ProposalBatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SubmitAsync_WhileEntriesReplicate_PacksLaterProposalsIntoOneEntry()
    {
        var log = new RecordingLog();
        await using var batcher = new ProposalBatcher(log.ReplicateAsync, e => e, maxInflight: 1, maxBatchBytes: 1 << 20);

        var first = batcher.SubmitAsync(Tx(0), CancellationToken.None);
        await log.Started.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        var waiting = Enumerable.Range(1, 10).Select(i => batcher.SubmitAsync(Tx(i), CancellationToken.None)).ToList();
        log.ReleaseOne();
        log.ReleaseAll();
        await Task.WhenAll([first, .. waiting]).WaitAsync(Patience);

        Assert.Equal(2, log.Entries.Count);
        Assert.Equal(10, log.Entries.Last().Count);
        Assert.Equal(Enumerable.Range(0, 11), log.Entries.SelectMany(e => e).Select(t => (int)t[0]));
    }

    [Fact]
    public async Task SubmitAsync_ReplicationFails_EveryProposalOfTheEntryGetsTheTranslatedError()
    {
        var log = new RecordingLog { Failure = new InvalidOperationException("lost") };
        await using var batcher = new ProposalBatcher(log.ReplicateAsync, e => new TimeoutException(e.Message), maxInflight: 1, maxBatchBytes: 1 << 20);
        log.ReleaseAll();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => batcher.SubmitAsync(Tx(1), CancellationToken.None).WaitAsync(Patience));

        Assert.Equal("lost", error.Message);
    }

    [Fact]
    public async Task SubmitAsync_BeyondEntryBytes_SplitsIntoSeveralEntries()
    {
        var log = new RecordingLog();
        await using var batcher = new ProposalBatcher(log.ReplicateAsync, e => e, maxInflight: 1, maxBatchBytes: 250);

        var first = batcher.SubmitAsync(Tx(0, size: 100), CancellationToken.None);
        await log.Started.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        var rest = Enumerable.Range(1, 6).Select(i => batcher.SubmitAsync(Tx(i, size: 100), CancellationToken.None)).ToList();
        log.ReleaseAll();
        await Task.WhenAll([first, .. rest]).WaitAsync(Patience);

        Assert.All(log.Entries, e => Assert.True(e.Sum(t => t.Length) <= 250));
        Assert.Equal(7, log.Entries.Sum(e => e.Count));
    }

    [Fact]
    public async Task DisposeAsync_PendingProposals_FailInsteadOfHanging()
    {
        var log = new RecordingLog();
        var batcher = new ProposalBatcher(log.ReplicateAsync, e => e, maxInflight: 1, maxBatchBytes: 1 << 20);
        _ = batcher.SubmitAsync(Tx(0), CancellationToken.None);
        await log.Started.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        var stuck = batcher.SubmitAsync(Tx(1), CancellationToken.None);

        await batcher.DisposeAsync().AsTask().WaitAsync(Patience);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => stuck.WaitAsync(Patience));
        log.ReleaseAll();
    }

    private static byte[] Tx(int id, int size = 1)
    {
        var bytes = new byte[size];
        bytes[0] = (byte)id;
        return bytes;
    }

    /// <summary>A log whose replication completes only when the test releases it.</summary>
    private sealed class RecordingLog
    {
        private readonly SemaphoreSlim gate = new(0);
        private bool open;

        public ConcurrentQueue<List<byte[]>> Entries { get; } = new();
        public System.Threading.Channels.Channel<int> Started { get; } = System.Threading.Channels.Channel.CreateUnbounded<int>();
        public Exception? Failure { get; init; }

        public async ValueTask ReplicateAsync(byte[] payload, CancellationToken token)
        {
            Entries.Enqueue(BatchCodec.Decode(new ReadOnlySequence<byte>(payload), Entries.Count).Select(t => t.ToArray()).ToList());
            Started.Writer.TryWrite(Entries.Count);
            if (!Volatile.Read(ref open))
                await gate.WaitAsync(token);
            if (Failure is not null)
                throw Failure;
        }

        public void ReleaseOne() => gate.Release();

        public void ReleaseAll()
        {
            Volatile.Write(ref open, true);
            gate.Release(1000);
        }
    }
}
