using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store.Codec;

namespace Swarm.Store.Tables;

/// <summary>
/// The whole store at one version: immutable, so readers never lock and a snapshot is a reference.
/// <see cref="With"/> is the single place where a change is checked and made, both when a writer builds a
/// transaction and when a committed transaction is applied — so both see the same rules.
/// </summary>
public sealed class StoreState
{
    private readonly TableState[] tables;

    private StoreState(ulong version, TableState[] tables)
    {
        Version = version;
        this.tables = tables;
    }

    public static StoreState Empty { get; } = new(0, Schema.Kinds.Select(TableState.Empty).ToArray());

    /// <summary>The number of transactions applied so far; every object written by one carries it.</summary>
    public ulong Version { get; }

    public TableState Table(ObjectKind kind) => tables[(int)kind];

    public StoreState WithVersion(ulong version) => new(version, tables);

    /// <summary>Checks the action's preconditions against this state and returns the state after it.</summary>
    public StoreState With(StoreAction action, ulong stampVersion, DateTimeOffset stampTime, out ChangeRecord change)
    {
        var table = Table(action.ObjectKind);
        var noun = Schema.Noun(action.ObjectKind);
        var current = table.Get(action.Id);
        switch (action.Kind)
        {
            case ActionKind.Create:
            {
                var obj = action.Object ?? throw new InvalidSpecException($"create of {noun} {action.Id} carries no object");
                if (current is not null)
                    throw new VersionConflictException($"{noun} {action.Id} already exists");
                CheckNameFree(table, obj, noun);
                var stored = obj.WithMeta(new Meta { Version = stampVersion, CreatedAt = stampTime, UpdatedAt = stampTime });
                change = new ChangeRecord(action.Kind, action.ObjectKind, stored, null);
                return Replace(table.Put(stored));
            }
            case ActionKind.Update:
            {
                var obj = action.Object ?? throw new InvalidSpecException($"update of {noun} {action.Id} carries no object");
                if (current is null)
                    throw NotFoundException.For(noun, action.Id);
                if (current.Meta.Version != action.ExpectedVersion)
                    throw new VersionConflictException(
                        $"update out of sequence: {noun} {action.Id} is at version {current.Meta.Version}, the update was based on {action.ExpectedVersion}");
                CheckNameFree(table, obj, noun);
                var stored = obj.WithMeta(current.Meta with { Version = stampVersion, UpdatedAt = stampTime });
                change = new ChangeRecord(action.Kind, action.ObjectKind, stored, current);
                return Replace(table.Put(stored));
            }
            case ActionKind.Delete:
            {
                if (current is null)
                    throw NotFoundException.For(noun, action.Id);
                if (action.ExpectedVersion != 0 && current.Meta.Version != action.ExpectedVersion)
                    throw new VersionConflictException(
                        $"delete out of sequence: {noun} {action.Id} is at version {current.Meta.Version}, the delete was based on {action.ExpectedVersion}");
                change = new ChangeRecord(action.Kind, action.ObjectKind, current, current);
                return Replace(table.Remove(action.Id));
            }
            default:
                throw new InvalidSpecException($"unknown store action {action.Kind}");
        }
    }

    /// <summary>Puts an object as it is, with no checks: for restoring snapshots.</summary>
    public StoreState Restored(ISwarmObject obj) => Replace(Table(Schema.KindOf(obj)).Put(obj));

    private static void CheckNameFree(TableState table, ISwarmObject obj, string noun)
    {
        if (TableState.NameOf(obj) is { } name && table.ByName.TryGetValue(name, out var holder) && holder != obj.Id)
            throw new NameConflictException(noun, name);
    }

    private StoreState Replace(TableState table)
    {
        var copy = (TableState[])tables.Clone();
        copy[(int)table.Kind] = table;
        return new StoreState(Version, copy);
    }
}

/// <summary>What one action did: the object as stored (or as it was, for a delete) and its previous value.</summary>
public sealed record ChangeRecord(ActionKind Kind, ObjectKind ObjectKind, ISwarmObject Object, ISwarmObject? Previous);
