using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store.Codec;
using Swarm.Store.Tables;

namespace Swarm.Store.Transactions;

/// <summary>One table inside a write transaction: reads see the transaction's own changes.</summary>
public sealed class WriteTable<T> : ReadTable<T> where T : class, ISwarmObject
{
    private readonly WriteTransaction tx;
    private readonly ObjectKind kind;

    internal WriteTable(WriteTransaction tx, ObjectKind kind) : base(() => tx.Current.Table(kind))
    {
        this.tx = tx;
        this.kind = kind;
    }

    /// <summary>Adds a new object; its id must be set and unused, its unique name (if any) free.</summary>
    public void Create(T obj)
    {
        if (string.IsNullOrEmpty(obj.Id))
            throw new InvalidSpecException($"{Schema.Noun(kind)} has no id");
        tx.Record(new StoreAction { Kind = ActionKind.Create, ObjectKind = kind, Id = obj.Id, Object = obj });
    }

    /// <summary>Replaces an object; <c>obj.Meta.Version</c> must be the version it was read at.</summary>
    public void Update(T obj) => tx.Record(new StoreAction
    {
        Kind = ActionKind.Update, ObjectKind = kind, Id = obj.Id, ExpectedVersion = obj.Meta.Version, Object = obj,
    });

    /// <summary>Deletes an object only if it is still at the version the caller read.</summary>
    public void Delete(T obj) => tx.Record(new StoreAction
    {
        Kind = ActionKind.Delete, ObjectKind = kind, Id = obj.Id, ExpectedVersion = obj.Meta.Version,
    });

    /// <summary>Deletes an object whatever its version.</summary>
    public void Delete(string id) => tx.Record(new StoreAction { Kind = ActionKind.Delete, ObjectKind = kind, Id = id });
}
