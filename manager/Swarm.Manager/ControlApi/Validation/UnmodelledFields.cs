using System.Text.Json;
using Swarm.Api.Errors;

namespace Swarm.Manager.ControlApi.Validation;

/// <summary>
/// Docker fields our object model does not carry yet (mounts, healthchecks, capabilities, ...). A client that
/// sets one is refused with a 400 naming it, rather than having it silently dropped; empty values ({}, [], null,
/// false, "", 0) are what clients send by default and pass.
/// </summary>
internal static class UnmodelledFields
{
    public static void Refuse(string where, IReadOnlyDictionary<string, JsonElement>? fields)
    {
        if (fields is null)
            return;
        var set = fields.Where(f => !IsEmpty(f.Value)).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        if (set.Count > 0)
            throw new InvalidSpecException($"{where}: {string.Join(", ", set)} {(set.Count == 1 ? "is" : "are")} not supported yet");
    }

    private static bool IsEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => true,
        JsonValueKind.String => value.GetString() is "" or "default",
        JsonValueKind.Number => value.TryGetDouble(out var n) && n == 0,
        JsonValueKind.Array => value.GetArrayLength() == 0,
        JsonValueKind.Object => value.EnumerateObject().All(p => IsEmpty(p.Value)),
        _ => false,
    };
}
