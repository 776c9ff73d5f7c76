using System.Text.Json;
using Swarm.Api.Errors;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Api;

/// <summary>`docker ps --filter`: id, name, label (key or key=value) and status; other filters are refused.</summary>
internal static class ContainerFilters
{
    public static Func<ContainerInfo, bool> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return _ => true;
        Dictionary<string, JsonElement> filters;
        try
        {
            filters = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidSpecException($"invalid filters: {e.Message}");
        }

        var checks = new List<Func<ContainerInfo, bool>>();
        foreach (var (key, value) in filters)
        {
            // Docker sends {"key": {"value": true}}; older clients {"key": ["value"]}.
            var values = value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray().Select(v => v.GetString() ?? "").ToList()
                : value.EnumerateObject().Select(p => p.Name).ToList();
            checks.Add(key switch
            {
                "id" => c => values.Any(v => c.Config.Id.StartsWith(v, StringComparison.Ordinal)),
                "name" => c => values.Any(v => c.Config.Name.Contains(v.TrimStart('/'), StringComparison.Ordinal)),
                "status" => c => values.Contains(ContainerViewMapper.StateName(c.State.Status)),
                "label" => c => values.All(v => HasLabel(c, v)),
                _ => throw new InvalidSpecException($"invalid filter '{key}'"),
            });
        }
        return c => checks.All(check => check(c));
    }

    private static bool HasLabel(ContainerInfo container, string filter)
    {
        var eq = filter.IndexOf('=', StringComparison.Ordinal);
        return eq < 0
            ? container.Config.Labels.ContainsKey(filter)
            : container.Config.Labels.TryGetValue(filter[..eq], out var value) && value == filter[(eq + 1)..];
    }
}
