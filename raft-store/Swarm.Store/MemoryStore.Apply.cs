using System.Buffers;
using MessagePack;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store.Codec;
using Swarm.Store.Tables;
using Swarm.Store.Watch;

namespace Swarm.Store;

/// <summary>The store as a replicated state machine: apply, snapshot, restore.</summary>
public sealed partial class MemoryStore : IReplicatedState
{
    public void Apply(ReadOnlySequence<byte> transaction)
    {
        var tx = StoreCodec.DecodeTransaction(transaction);
        lock (applyLock)
        {
            var current = root;
            var version = current.Version + 1;
            var next = current;
            // Watchers are added under the apply lock, so none can appear between this check and the publish.
            var events = watchers.IsEmpty ? null : new List<StoreEvent>(tx.Actions.Count + 1);
            try
            {
                foreach (var action in tx.Actions)
                {
                    next = next.With(PinnedBlobs.Pin(action), version, tx.Timestamp, out var change);
                    events?.Add(new StoreEvent(ToEventKind(change.Kind), change.ObjectKind, change.Object, change.Previous, version));
                }
            }
            catch (SwarmException rejected)
            {
                // Deterministic on every node: the transaction is dropped whole and the version does not move.
                waiting.GetValueOrDefault(tx.Id)?.TrySetException(rejected);
                return;
            }
            Volatile.Write(ref root, next.WithVersion(version));
            if (events is not null)
            {
                events.Add(StoreEvent.Commit(version));
                watchers.Publish(events);
            }
            waiting.GetValueOrDefault(tx.Id)?.TrySetResult(version);
        }
    }

    public IStateSnapshot CaptureSnapshot() => new CapturedState(Volatile.Read(ref root));

    public void Restore(ReadOnlySequence<byte> snapshot)
    {
        var data = MessagePackSerializer.Deserialize<SnapshotData>(snapshot, StoreCodec.Options);
        var state = StoreState.Empty;
        foreach (var obj in data.Objects)
            state = state.Restored(obj);
        lock (applyLock)
        {
            Volatile.Write(ref root, state.WithVersion(data.Version));
            watchers.CloseAll(new WatchClosedException("the store was replaced by a snapshot"));
        }
    }

    private static EventKind ToEventKind(ActionKind kind) => kind switch
    {
        ActionKind.Create => EventKind.Create,
        ActionKind.Update => EventKind.Update,
        _ => EventKind.Delete,
    };

    private sealed class CapturedState(StoreState state) : IStateSnapshot
    {
        public ulong Version => state.Version;

        public void WriteTo(IBufferWriter<byte> output)
        {
            foreach (var piece in Serialize(64 * 1024))
                output.Write(piece.Span);
        }

        /// <summary>
        /// The bytes of <see cref="SnapshotData"/>, written object by object: a store of 100 MB is never one buffer
        /// (each such buffer went to the large object heap and cost the node a blocking gen2 collection).
        /// </summary>
        public IEnumerable<ReadOnlyMemory<byte>> Serialize(int pieceBytes)
        {
            var buffer = new ArrayBufferWriter<byte>(pieceBytes + 16 * 1024);
            var objects = Schema.Kinds.SelectMany(k => state.Table(k).ById.Values).GetEnumerator();
            var count = Schema.Kinds.Sum(k => state.Table(k).ById.Count);
            WriteHeader(buffer, state.Version, count);
            var more = Fill(buffer, objects, pieceBytes);
            yield return buffer.WrittenMemory;
            while (more)
            {
                buffer.ResetWrittenCount();
                more = Fill(buffer, objects, pieceBytes);
                yield return buffer.WrittenMemory;
            }
        }

        /// <summary>What the SnapshotData formatter writes before the objects: [Version, [objects...]].</summary>
        private static void WriteHeader(IBufferWriter<byte> output, ulong version, int count)
        {
            var writer = new MessagePackWriter(output);
            writer.WriteArrayHeader(2);
            writer.Write(version);
            writer.WriteArrayHeader(count);
            writer.Flush();
        }

        /// <summary>Serializes objects until about <paramref name="pieceBytes"/> are buffered; false once none are left.</summary>
        private static bool Fill(ArrayBufferWriter<byte> output, IEnumerator<ISwarmObject> objects, int pieceBytes)
        {
            var more = true;
            while (output.WrittenCount < pieceBytes && (more = objects.MoveNext()))
            {
                var writer = new MessagePackWriter(output);
                MessagePackSerializer.Serialize(ref writer, objects.Current, StoreCodec.Options);
                writer.Flush();
            }
            return more;
        }
    }
}

[MessagePackObject]
public sealed record SnapshotData
{
    [Key(0)] public ulong Version { get; init; }
    [Key(1)] public IReadOnlyList<ISwarmObject> Objects { get; init; } = [];
}
