using MessagePack;
using MessagePack.Resolvers;
using Swarm.Api.Errors;

namespace Swarm.Api.Dispatch;

/// <summary>
/// Encodes the Swarm.Api records carried in the dispatcher's bytes fields. The proto messages are envelopes; the
/// objects keep their one MessagePack definition.
/// </summary>
public static class DispatchPayload
{
    private static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(StandardResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public static Google.Protobuf.ByteString Encode<T>(T value) =>
        Google.Protobuf.ByteString.CopyFrom(MessagePackSerializer.Serialize(value, Options));

    /// <summary>Decodes a payload; a malformed one is a caller error, so it surfaces as <see cref="InvalidSpecException"/>.</summary>
    public static T Decode<T>(Google.Protobuf.ByteString bytes)
    {
        try
        {
            return MessagePackSerializer.Deserialize<T>(bytes.Memory, Options);
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidSpecException($"malformed {typeof(T).Name} payload: {e.Message}");
        }
    }
}
