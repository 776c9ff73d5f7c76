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
        var buffer = new ArrayBufferWriter<byte>(EncodedSizeHint(encodedActions));
        EncodeTransaction(id, timestamp, encodedActions, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>As <see cref="EncodeTransaction(Guid, DateTimeOffset, IReadOnlyList{byte[]})"/>, into <paramref name="output"/>.</summary>
    public static void EncodeTransaction(Guid id, DateTimeOffset timestamp, IReadOnlyList<byte[]> encodedActions, IBufferWriter<byte> output)
    {
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(3);
        MessagePackSerializer.Serialize(ref writer, id, Options);
        MessagePackSerializer.Serialize(ref writer, timestamp, Options);
        writer.WriteArrayHeader(encodedActions.Count);
        foreach (var action in encodedActions)
            writer.WriteRaw(action);
        writer.Flush();
    }

    /// <summary>Room for the envelope (array headers, id, timestamp) plus the actions.</summary>
    internal static int EncodedSizeHint(IReadOnlyList<byte[]> encodedActions)
    {
        var size = 64;
        foreach (var action in encodedActions)
            size += action.Length;
        return size;
    }

    public static StoreTransaction DecodeTransaction(ReadOnlySequence<byte> bytes)
        => MessagePackSerializer.Deserialize<StoreTransaction>(bytes, Options);
}
