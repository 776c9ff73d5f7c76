using System.Buffers;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Swarm.Store.Raft.Log;

/// <summary>
/// Drives the store from committed Raft entries and keeps its snapshots. The store's state is immutable, so the
/// snapshot is captured the instant it is asked for and written later, while applying goes on.
/// </summary>
/// <remarks>
/// A snapshot is due after <c>snapshotInterval</c> entries or <c>snapshotLogBytes</c> of log, whichever comes first:
/// with group commit one entry carries many transactions, so counting entries alone lets the log grow large.
/// </remarks>
internal sealed class StoreStateMachine(DirectoryInfo location, IReplicatedState state, long snapshotInterval, long snapshotLogBytes)
    : SimpleStateMachine(location)
{
    // Closed until the log has passed its integrity check: the WAL starts replaying in its constructor, before
    // InitializeAsync verifies hashes, and a damaged entry must never reach the store.
    private readonly TaskCompletionSource replayGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long lastSnapshotIndex;
    private long bytesSinceSnapshot;
    private const int SnapshotPieceBytes = 64 * 1024;
    private (long Index, IStateSnapshot State)? pending;

    /// <summary>Index of the last entry applied (committed entries only).</summary>
    public long AppliedIndex { get; private set; }

    /// <summary>How many snapshots were loaded: at start, or sent by the leader to a node far behind.</summary>
    public int SnapshotsRestored { get; private set; }

    public void OpenReplayGate() => replayGate.TrySetResult();

    protected override async ValueTask<bool> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        if (!replayGate.Task.IsCompleted)
            await replayGate.Task.WaitAsync(token);
        AppliedIndex = entry.Index;
        // Membership entries reach here empty; the leader's election no-op is not passed at all.
        if (!entry.IsConfiguration && entry.Length is > 0)
        {
            if (!entry.TryGetPayload(out var payload))
                payload = new ReadOnlySequence<byte>(await entry.ToByteArrayAsync(token: token));
            foreach (var tx in BatchCodec.Decode(payload, entry.Index))
                state.Apply(new ReadOnlySequence<byte>(tx));
            bytesSinceSnapshot += payload.Length;
        }
        if (entry.Index - lastSnapshotIndex < snapshotInterval && bytesSinceSnapshot < snapshotLogBytes)
            return false;
        lastSnapshotIndex = entry.Index;
        bytesSinceSnapshot = 0;
        pending = (entry.Index, state.CaptureSnapshot());
        return true;
    }

    protected override ValueTask PersistAsync(IAsyncBinaryWriter writer, CancellationToken token)
    {
        var (index, snapshot) = pending ?? (AppliedIndex, state.CaptureSnapshot());
        // Streamed in pieces: a whole-store buffer (and its framed copy) landed on the large object heap and
        // stalled every node with blocking gen2 collections, all at once since they snapshot at the same entry.
        return SnapshotFile.WriteAsync(writer, index, snapshot.Serialize(SnapshotPieceBytes), token);
    }

    protected override async ValueTask RestoreAsync(FileInfo snapshotFile, CancellationToken token)
    {
        var bytes = await File.ReadAllBytesAsync(snapshotFile.FullName, token);
        state.Restore(SnapshotFile.Unframe(bytes, snapshotFile.FullName));
        SnapshotsRestored++;
        if (TryParseIndex(snapshotFile.Name) is { } index)
            lastSnapshotIndex = AppliedIndex = index;
    }

    /// <summary>SimpleStateMachine names snapshot files "{index}-{term}".</summary>
    private static long? TryParseIndex(string name)
        => long.TryParse(name.AsSpan(0, Math.Max(0, name.IndexOf('-'))), out var index) ? index : null;
}
