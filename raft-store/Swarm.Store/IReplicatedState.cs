using System.Buffers;

namespace Swarm.Store;

/// <summary>The store as a replicated state machine: what the Raft adapter drives on every node.</summary>
public interface IReplicatedState
{
    /// <summary>Applies one committed transaction. Deterministic: the same bytes in the same order give the same state.</summary>
    void Apply(ReadOnlySequence<byte> transaction);

    /// <summary>Captures the current state cheaply; it can be serialized later, while applying goes on.</summary>
    IStateSnapshot CaptureSnapshot();

    /// <summary>Replaces the whole state with a snapshot written by <see cref="IStateSnapshot.WriteTo"/>.</summary>
    void Restore(ReadOnlySequence<byte> snapshot);
}

public interface IStateSnapshot
{
    /// <summary>The store version the snapshot holds.</summary>
    ulong Version { get; }

    void WriteTo(IBufferWriter<byte> output);

    /// <summary>
    /// The bytes of <see cref="WriteTo"/> in pieces of about <paramref name="pieceBytes"/>, made as they are asked
    /// for; each piece is valid only until the next one is asked for.
    /// </summary>
    IEnumerable<ReadOnlyMemory<byte>> Serialize(int pieceBytes);
}
