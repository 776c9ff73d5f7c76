using Swarm.Api.Objects;

namespace Swarm.Store.Watch;

public enum EventKind { Create, Update, Delete, Commit }

/// <summary>
/// A committed change, delivered to watchers in commit order. After the changes of each transaction comes one
/// <see cref="EventKind.Commit"/> event carrying no object, so a loop can act once per transaction.
/// </summary>
public sealed record StoreEvent(EventKind Kind, ObjectKind ObjectKind, ISwarmObject? Object, ISwarmObject? Previous, ulong Version)
{
    public static StoreEvent Commit(ulong version) => new(EventKind.Commit, default, null, null, version);
}
