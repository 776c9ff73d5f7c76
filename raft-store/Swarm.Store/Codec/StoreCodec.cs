using System.Buffers;
using MessagePack;
using MessagePack.Resolvers;

namespace Swarm.Store.Codec;

/// <summary>MessagePack encoding of transactions and snapshots; one set of options for the whole store.</summary>
public static class StoreCodec
{
    public static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(StandardResolver.Instance)
        .WithSecurity(MessagePackSecurity.TrustedData);

    public static byte[] EncodeAction(StoreAction action) => MessagePackSerializer.Serialize(action, Options);

    /// <summary>Writes a transaction whose actions are already encoded, without encoding them again.</summary>
    public static byte[] EncodeTransaction(Guid id, DateTimeOffset timestamp, IReadOnlyList<byte[]> encodedActions)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + encodedActions.Sum(a => a.Length));
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        MessagePackSerializer.Serialize(ref writer, id, Options);
        MessagePackSerializer.Serialize(ref writer, timestamp, Options);
        writer.WriteArrayHeader(encodedActions.Count);
        foreach (var action in encodedActions)
            writer.WriteRaw(action);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static StoreTransaction DecodeTransaction(ReadOnlySequence<byte> bytes)
        => MessagePackSerializer.Deserialize<StoreTransaction>(bytes, Options);
}
