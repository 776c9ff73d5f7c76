using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// The task's CPU and memory reservations must fit in what the node has left after the reservations of the
/// tasks already on it. Limits and actual usage play no part, as in SwarmKit.
/// </summary>
public sealed class ResourceFilter : IFilter
{
    private Resources reservations = new();

    public bool SetTask(SwarmTask task)
    {
        if (task.Spec.Resources?.Reservations is not { } wanted || (wanted.NanoCpus == 0 && wanted.MemoryBytes == 0))
            return false;
        reservations = wanted;
        return true;
    }

    public bool Check(NodeInfo node)
        => reservations.NanoCpus <= node.AvailableNanoCpus && reservations.MemoryBytes <= node.AvailableMemoryBytes;

    public string Explain(int nodes)
        => nodes == 1 ? "insufficient resources on 1 node" : $"insufficient resources on {nodes} nodes";
}
