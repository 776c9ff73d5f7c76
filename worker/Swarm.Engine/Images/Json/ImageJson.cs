using System.Text.Json;
using System.Text.Json.Serialization;
using Swarm.Api.Errors;

namespace Swarm.Engine.Images.Json;

/// <summary>One set of serializer options for every image document; bad JSON becomes a clear user error.</summary>
internal static class ImageJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static T Parse<T>(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidImageException($"{what} is null");
        }
        catch (JsonException e)
        {
            throw new InvalidImageException($"{what} is not valid JSON: {e.Message}");
        }
    }

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);
}
