using System.Collections.Immutable;
using Swarm.Api.Objects;

namespace Swarm.Store.Tables;

/// <summary>
/// One immutable table: objects by id, unique names (case-insensitive, as Swarm compares them) and secondary
/// indexes. Every change returns a new table, so a reader holding the old one sees a consistent snapshot.
/// </summary>
public sealed class TableState
{
    private static readonly ImmutableDictionary<string, ImmutableHashSet<string>> EmptyIndex =
        ImmutableDictionary.Create<string, ImmutableHashSet<string>>(StringComparer.Ordinal);

    private readonly ImmutableDictionary<string, ImmutableHashSet<string>>[] indexes;

    private TableState(
        ObjectKind kind,
        ImmutableSortedDictionary<string, ISwarmObject> byId,
        ImmutableDictionary<string, string> byName,
        ImmutableDictionary<string, ImmutableHashSet<string>>[] indexes)
    {
        Kind = kind;
        ById = byId;
        ByName = byName;
        this.indexes = indexes;
    }

    public ObjectKind Kind { get; }

    /// <summary>Sorted by id, so listing and id-prefix lookups are cheap and stable.</summary>
    public ImmutableSortedDictionary<string, ISwarmObject> ById { get; }

    /// <summary>Unique name (case-insensitive) to id.</summary>
    public ImmutableDictionary<string, string> ByName { get; }

    public IReadOnlyList<IndexDefinition> Definitions => Schema.IndexesOf(Kind);

    public static TableState Empty(ObjectKind kind) => new(
        kind,
        ImmutableSortedDictionary.Create<string, ISwarmObject>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, string>(StringComparer.OrdinalIgnoreCase),
        Schema.IndexesOf(kind).Select(_ => EmptyIndex).ToArray());

    public ISwarmObject? Get(string id) => ById.GetValueOrDefault(id);

    public ImmutableHashSet<string> Lookup(string indexName, string key)
    {
        var defs = Definitions;
        for (var i = 0; i < defs.Count; i++)
        {
            if (defs[i].Name == indexName)
                return indexes[i].GetValueOrDefault(key) ?? [];
        }
        throw new ArgumentException($"{Kind} has no index {indexName}", nameof(indexName));
    }

    /// <summary>Puts an object in place of the one with its id (if any). Uniqueness is the caller's check.</summary>
    public TableState Put(ISwarmObject obj)
    {
        var old = Get(obj.Id);
        var byName = ByName;
        if (NameOf(old) is { } oldName && !string.Equals(oldName, NameOf(obj), StringComparison.OrdinalIgnoreCase))
            byName = byName.Remove(oldName);
        if (NameOf(obj) is { } name)
            byName = byName.SetItem(name, obj.Id);
        return new TableState(Kind, ById.SetItem(obj.Id, obj), byName, Reindex(old, obj));
    }

    public TableState Remove(string id)
    {
        var old = Get(id);
        if (old is null)
            return this;
        var byName = NameOf(old) is { } name ? ByName.Remove(name) : ByName;
        return new TableState(Kind, ById.Remove(id), byName, Reindex(old, null));
    }

    /// <summary>The name an object holds in the unique index; an empty name is no name (the API names those).</summary>
    public static string? NameOf(ISwarmObject? obj) => obj?.UniqueName is { Length: > 0 } name ? name : null;

    private ImmutableDictionary<string, ImmutableHashSet<string>>[] Reindex(ISwarmObject? old, ISwarmObject? updated)
    {
        var defs = Definitions;
        if (defs.Count == 0)
            return indexes;
        var result = (ImmutableDictionary<string, ImmutableHashSet<string>>[])indexes.Clone();
        var id = (old ?? updated)!.Id;
        for (var i = 0; i < defs.Count; i++)
        {
            var oldKey = old is null ? null : defs[i].KeyOf(old);
            var newKey = updated is null ? null : defs[i].KeyOf(updated);
            if (oldKey == newKey)
                continue;
            if (oldKey is not null)
            {
                var set = result[i].GetValueOrDefault(oldKey)?.Remove(id);
                result[i] = set is null || set.IsEmpty ? result[i].Remove(oldKey) : result[i].SetItem(oldKey, set);
            }
            if (newKey is not null)
            {
                var set = (result[i].GetValueOrDefault(newKey) ?? ImmutableHashSet.Create<string>(StringComparer.Ordinal)).Add(id);
                result[i] = result[i].SetItem(newKey, set);
            }
        }
        return result;
    }
}
