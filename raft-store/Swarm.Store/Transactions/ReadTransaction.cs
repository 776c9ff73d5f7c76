using Swarm.Api.Objects;
using Swarm.Store.Tables;

namespace Swarm.Store.Transactions;

/// <summary>A consistent view of every table at one store version.</summary>
public class ReadTransaction
{
    internal ReadTransaction(Func<StoreState> state)
    {
        State = state;
        Clusters = new ReadTable<Cluster>(() => state().Table(ObjectKind.Cluster));
        Nodes = new ReadTable<Node>(() => state().Table(ObjectKind.Node));
        Services = new ReadTable<Service>(() => state().Table(ObjectKind.Service));
        Tasks = new ReadTable<SwarmTask>(() => state().Table(ObjectKind.Task));
        Networks = new ReadTable<Network>(() => state().Table(ObjectKind.Network));
        Secrets = new ReadTable<Secret>(() => state().Table(ObjectKind.Secret));
        Configs = new ReadTable<Config>(() => state().Table(ObjectKind.Config));
    }

    internal ReadTransaction(StoreState state) : this(() => state)
    {
    }

    private protected Func<StoreState> State { get; }

    /// <summary>The store version this view shows.</summary>
    public ulong Version => State().Version;

    public ReadTable<Cluster> Clusters { get; }
    public ReadTable<Node> Nodes { get; }
    public ReadTable<Service> Services { get; }
    public ReadTable<SwarmTask> Tasks { get; }
    public ReadTable<Network> Networks { get; }
    public ReadTable<Secret> Secrets { get; }
    public ReadTable<Config> Configs { get; }
}
