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
            var events = new List<StoreEvent>(tx.Actions.Count + 1);
            try
            {
                foreach (var action in tx.Actions)
                {
                    next = next.With(action, version, tx.Timestamp, out var change);
                    events.Add(new StoreEvent(ToEventKind(change.Kind), change.ObjectKind, change.Object, change.Previous, version));
                }
            }
            catch (SwarmException rejected)
            {
                // Deterministic on every node: the transaction is dropped whole and the version does not move.
                waiting.GetValueOrDefault(tx.Id)?.TrySetException(rejected);
                return;
            }
            events.Add(StoreEvent.Commit(version));
            Volatile.Write(ref root, next.WithVersion(version));
            watchers.Publish(events);
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
            var objects = Schema.Kinds.SelectMany(k => state.Table(k).ById.Values).ToArray();
            MessagePackSerializer.Serialize(output, new SnapshotData { Version = state.Version, Objects = objects }, StoreCodec.Options);
        }
    }
}

[MessagePackObject]
public sealed record SnapshotData
{
    [Key(0)] public ulong Version { get; init; }
    [Key(1)] public IReadOnlyList<ISwarmObject> Objects { get; init; } = [];
}
