using System.Text.Json;
using Swarm.Api.Errors;

namespace Swarm.Manager.ControlApi;

/// <summary>
/// The <c>filters</c> query parameter: JSON of either <c>{"key": ["v1", "v2"]}</c> or the older
/// <c>{"key": {"v1": true}}</c>. Within a key the values are alternatives (any may match); keys must all match.
/// </summary>
internal sealed class ListFilters
{
    private readonly Dictionary<string, List<string>> values;

    private ListFilters(Dictionary<string, List<string>> values) => this.values = values;

    public static ListFilters Parse(string json)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
            return new ListFilters(values);
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidSpecException("invalid filter: a JSON object is expected");
            foreach (var key in doc.RootElement.EnumerateObject())
            {
                var list = new List<string>();
                switch (key.Value.ValueKind)
                {
                    case JsonValueKind.Array:
                        list.AddRange(key.Value.EnumerateArray().Select(v => v.GetString() ?? ""));
                        break;
                    case JsonValueKind.Object:
                        list.AddRange(key.Value.EnumerateObject().Where(v => v.Value.ValueKind == JsonValueKind.True).Select(v => v.Name));
                        break;
                    default:
                        throw new InvalidSpecException($"invalid filter '{key.Name}': a list or a map of values is expected");
                }
                values[key.Name] = list;
            }
        }
        catch (JsonException bad)
        {
            throw new InvalidSpecException($"invalid filter: {bad.Message}");
        }
        return new ListFilters(values);
    }

    /// <summary>Refuses keys the list does not know, as Docker does ("invalid filter 'x'").</summary>
    public ListFilters Allow(params string[] keys)
    {
        foreach (var key in values.Keys)
        {
            if (!keys.Contains(key, StringComparer.Ordinal))
                throw new InvalidSpecException($"invalid filter '{key}'");
        }
        return this;
    }

    public IReadOnlyList<string> Get(string key) => values.GetValueOrDefault(key) ?? [];

    /// <summary>True when the key is absent, or when any of its values satisfies <paramref name="match"/>.</summary>
    public bool Matches(string key, Func<string, bool> match)
        => !values.TryGetValue(key, out var list) || list.Count == 0 || list.Any(match);

    public bool MatchesPrefix(string key, string? actual)
        => Matches(key, v => actual is not null && actual.StartsWith(v, StringComparison.Ordinal));

    public bool MatchesExact(string key, string? actual, StringComparison comparison = StringComparison.Ordinal)
        => Matches(key, v => string.Equals(v, actual, comparison));

    /// <summary>Docker's label filter: every value must hold ("key" present, or "key=value"); values are ANDed.</summary>
    public bool MatchesLabels(string key, IReadOnlyDictionary<string, string>? labels)
    {
        if (!values.TryGetValue(key, out var list))
            return true;
        foreach (var wanted in list)
        {
            var eq = wanted.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? wanted : wanted[..eq];
            if (labels is null || !labels.TryGetValue(name, out var actual))
                return false;
            if (eq >= 0 && actual != wanted[(eq + 1)..])
                return false;
        }
        return true;
    }
}
