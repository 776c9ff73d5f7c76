using Swarm.Api.Errors;

namespace Swarm.Manager.ControlApi.Endpoints;

/// <summary>
/// The rules secrets and configs share: one set of list filters, labels as the only thing an update may change, and
/// no deletion while a service uses the object.
/// </summary>
internal static class PayloadObjectRules
{
    public static readonly string[] Filters = ["id", "name", "names", "label"];

    public static bool Matches(ListFilters filters, string id, string name, IReadOnlyDictionary<string, string> labels)
        => filters.MatchesPrefix("id", id) && filters.MatchesPrefix("name", name)
           && filters.MatchesExact("names", name) && filters.MatchesLabels("label", labels);

    /// <summary>Refuses an update that sends a different name or payload (Docker sends them back unchanged).</summary>
    public static void CheckOnlyLabelsChange(string? newName, byte[]? newData, string name, byte[] data)
    {
        if ((newName is { Length: > 0 } && newName != name)
            || (newData is { Length: > 0 } && !newData.AsSpan().SequenceEqual(data)))
            throw new InvalidSpecException("only updates to Labels are allowed");
    }

    public static void CheckNotInUse(string kind, string name, IReadOnlyList<string> services)
    {
        if (services.Count > 0)
            throw new InvalidSpecException(
                $"{kind} '{name}' is in use by the following service{(services.Count == 1 ? "" : "s")}: {string.Join(", ", services)}");
    }
}
