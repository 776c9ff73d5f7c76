using Swarm.Api.Objects;
using Swarm.Store.Codec;
using Swarm.Store.Tables;

namespace Swarm.Store.Transactions;

/// <summary>
/// Changes made against a snapshot, checked as they are made and checked again when committed. Several changes to
/// one object collapse into one action, so a transaction carries each object once.
/// </summary>
public sealed class WriteTransaction : ReadTransaction
{
    private List<Entry?> entries = [];
    private Dictionary<(ObjectKind, string), int> slots = [];

    internal WriteTransaction(StoreState state, DateTimeOffset timestamp) : this(new Holder(state), timestamp)
    {
    }

    private WriteTransaction(Holder holder, DateTimeOffset timestamp) : base(() => holder.State)
    {
        Timestamp = timestamp;
        TentativeVersion = holder.State.Version + 1;
        this.holder = holder;
    }

    private readonly Holder holder;

    // Made on first use, as in ReadTransaction.
    public new WriteTable<Cluster> Clusters => field ??= new WriteTable<Cluster>(this, ObjectKind.Cluster);
    public new WriteTable<Node> Nodes => field ??= new WriteTable<Node>(this, ObjectKind.Node);
    public new WriteTable<Service> Services => field ??= new WriteTable<Service>(this, ObjectKind.Service);
    public new WriteTable<SwarmTask> Tasks => field ??= new WriteTable<SwarmTask>(this, ObjectKind.Task);
    public new WriteTable<Network> Networks => field ??= new WriteTable<Network>(this, ObjectKind.Network);
    public new WriteTable<Secret> Secrets => field ??= new WriteTable<Secret>(this, ObjectKind.Secret);
    public new WriteTable<Config> Configs => field ??= new WriteTable<Config>(this, ObjectKind.Config);

    /// <summary>The time every object written by this transaction is stamped with.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Number of objects changed.</summary>
    public int Count { get; private set; }

    /// <summary>Encoded size of the changes, in bytes.</summary>
    public long Size { get; private set; }

    internal StoreState Current => holder.State;

    /// <summary>Objects written here carry this version until the commit gives the real one.</summary>
    internal ulong TentativeVersion { get; }

    internal IReadOnlyList<byte[]> EncodedActions
    {
        get
        {
            var encoded = new List<byte[]>(Count);
            foreach (var entry in entries)
            {
                if (entry is not null)
                    encoded.Add(entry.Encoded);
            }
            return encoded;
        }
    }

    internal void Record(StoreAction action)
    {
        var next = holder.State.With(action, TentativeVersion, Timestamp, out _);
        var key = (action.ObjectKind, action.Id);
        var known = slots.TryGetValue(key, out var index);
        // Collapse may refuse the change: decide before touching anything, so what the transaction reads stays
        // what it will commit.
        var collapsed = Collapse(known ? entries[index]?.Action : null, action);
        holder.State = next;
        if (!known)
        {
            slots[key] = index = entries.Count;
            entries.Add(null);
        }
        Set(index, collapsed);
    }

    internal Savepoint Save() => new(holder.State, [.. entries], new(slots), Count, Size);

    internal void RollbackTo(Savepoint savepoint)
    {
        holder.State = savepoint.State;
        entries = [.. savepoint.Entries];
        slots = new(savepoint.Slots);
        Count = savepoint.Count;
        Size = savepoint.Size;
    }

    /// <summary>What one action amounts to after an earlier one on the same object in this transaction.</summary>
    private static StoreAction? Collapse(StoreAction? earlier, StoreAction later) => (earlier?.Kind, later.Kind) switch
    {
        (null, _) => later,
        (ActionKind.Create, ActionKind.Update) => later with { Kind = ActionKind.Create, ExpectedVersion = 0 },
        (ActionKind.Create, ActionKind.Delete) => null,
        (ActionKind.Delete, ActionKind.Create) => throw new Swarm.Api.Errors.InvalidSpecException(
            $"{Schema.Noun(later.ObjectKind)} {later.Id} was deleted earlier in this transaction and cannot be created again in it"),
        (_, _) => later with { ExpectedVersion = earlier!.ExpectedVersion, Kind = later.Kind == ActionKind.Create ? ActionKind.Update : later.Kind },
    };

    private void Set(int index, StoreAction? action)
    {
        if (entries[index] is { } old)
        {
            Count--;
            Size -= old.Encoded.Length;
        }
        entries[index] = action is null ? null : new Entry(action, StoreCodec.EncodeAction(action));
        if (entries[index] is { } added)
        {
            Count++;
            Size += added.Encoded.Length;
        }
    }

    internal sealed record Entry(StoreAction Action, byte[] Encoded);

    private sealed class Holder(StoreState state)
    {
        public StoreState State { get; set; } = state;
    }

    internal sealed record Savepoint(
        StoreState State, List<Entry?> Entries, Dictionary<(ObjectKind, string), int> Slots, int Count, long Size);
}
