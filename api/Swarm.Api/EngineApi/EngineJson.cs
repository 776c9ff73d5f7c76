using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Swarm.Api.EngineApi;

/// <summary>
/// The one set of JSON options for the Engine API: names exactly as declared (Docker's PascalCase), nulls left
/// out, names read case-insensitively (Go's decoder does), times in RFC 3339 with fractional seconds.
/// </summary>
public static class EngineJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = null,
            PropertyNameCaseInsensitive = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new Rfc3339TimeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Docker writes times as RFC 3339 with nanoseconds; .NET keeps 100 ns ticks, so 7 digits.</summary>
    private sealed class Rfc3339TimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? throw new JsonException("a time must be a string");
            // Go may send up to 9 fractional digits; .NET parses at most 7, so drop the rest.
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0)
            {
                var end = dot + 1;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                    end++;
                if (end - dot - 1 > 7)
                    text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
            => writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
    }
}
