using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Scheduling;

/// <summary>Only READY nodes whose availability is ACTIVE take new tasks (paused and drained nodes do not).</summary>
public sealed class ReadyFilter : IFilter
{
    public bool SetTask(SwarmTask task) => true;

    public bool Check(NodeInfo node)
        => node.Node.Status.State == NodeState.Ready && node.Node.Spec.Availability == NodeAvailability.Active;

    public string Explain(int nodes)
        => nodes == 1 ? "1 node not available for new tasks" : $"{nodes} nodes not available for new tasks";
}
