using Swarm.Api.Objects;
using Swarm.Store.Tables;

namespace Swarm.Store.Transactions;

/// <summary>Typed, read-only view of one table at one store version.</summary>
public class ReadTable<T> where T : class, ISwarmObject
{
    internal ReadTable(Func<TableState> table) => State = table;

    private protected Func<TableState> State { get; }

    public int Count => State().ById.Count;

    public T? Get(string id) => (T?)State().Get(id);

    /// <summary>Finds by unique name, ignoring case as Swarm does.</summary>
    public T? GetByName(string name) => State().ByName.TryGetValue(name, out var id) ? Get(id) : null;

    /// <summary>
    /// Resolves what a user typed, as the Docker CLI does: a full id, then an exact name, then an unambiguous id
    /// prefix. Returns null when nothing matches; throws when a prefix matches several objects.
    /// </summary>
    public T? Resolve(string idOrName)
    {
        if (string.IsNullOrEmpty(idOrName))
            return null;
        if (Get(idOrName) is { } byId)
            return byId;
        if (GetByName(idOrName) is { } byName)
            return byName;
        var matches = State().ById.SkipWhile(kv => string.CompareOrdinal(kv.Key, idOrName) < 0)
            .TakeWhile(kv => kv.Key.StartsWith(idOrName, StringComparison.Ordinal))
            .Take(2).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => (T)matches[0].Value,
            _ => throw new Swarm.Api.Errors.InvalidSpecException(
                $"{Schema.Noun(State().Kind)} {idOrName} is ambiguous ({matches.Count}+ matches found)"),
        };
    }

    public IEnumerable<T> All() => State().ById.Values.Cast<T>();

    /// <summary>Objects whose key in the named secondary index (see <see cref="Schema"/>) equals <paramref name="key"/>.</summary>
    public IEnumerable<T> Find(string index, string key)
    {
        var table = State();
        return table.Lookup(index, key).Select(id => (T)table.Get(id)!);
    }
}
