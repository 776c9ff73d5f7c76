using Swarm.Api.Objects;
using Swarm.Store.Tables;

namespace Swarm.Store.Transactions;

/// <summary>A consistent view of every table at one store version.</summary>
public class ReadTransaction
{
    internal ReadTransaction(Func<StoreState> state)
    {
        State = state;
    }

    internal ReadTransaction(StoreState state) : this(() => state)
    {
    }

    private protected Func<StoreState> State { get; }

    /// <summary>The store version this view shows.</summary>
    public ulong Version => State().Version;

    // Tables are made on first use: most transactions touch one or two, and a commit path that builds all seven
    // (and their closures) for every write showed up in the store's allocation profile. A race makes two equal views.
    public ReadTable<Cluster> Clusters => field ??= Table<Cluster>(ObjectKind.Cluster);
    public ReadTable<Node> Nodes => field ??= Table<Node>(ObjectKind.Node);
    public ReadTable<Service> Services => field ??= Table<Service>(ObjectKind.Service);
    public ReadTable<SwarmTask> Tasks => field ??= Table<SwarmTask>(ObjectKind.Task);
    public ReadTable<Network> Networks => field ??= Table<Network>(ObjectKind.Network);
    public ReadTable<Secret> Secrets => field ??= Table<Secret>(ObjectKind.Secret);
    public ReadTable<Config> Configs => field ??= Table<Config>(ObjectKind.Config);

    private ReadTable<T> Table<T>(ObjectKind kind) where T : class, ISwarmObject
    {
        var state = State;
        return new ReadTable<T>(() => state().Table(kind));
    }
}
