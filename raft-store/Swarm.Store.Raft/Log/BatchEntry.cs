using DotNext.IO;
using DotNext.IO.Log;
using DotNext.Net.Cluster.Consensus.Raft;

namespace Swarm.Store.Raft.Log;

/// <summary>A Raft log entry carrying an encoded batch; its length is known, so transports frame it cheaply.</summary>
internal readonly struct BatchEntry(byte[] payload, long term) : IInputLogEntry
{
    public long Term { get; } = term;

    public object? Context { get; init; }

    bool ILogEntry.IsSnapshot => false;

    bool IDataTransferObject.IsReusable => true;

    long? IDataTransferObject.Length => payload.Length;

    bool IDataTransferObject.TryGetMemory(out ReadOnlyMemory<byte> memory)
    {
        memory = payload;
        return true;
    }

    ValueTask IDataTransferObject.WriteToAsync<TWriter>(TWriter writer, CancellationToken token)
        => writer.Invoke(payload, token);
}
