using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Scheduling;

/// <summary>`--replicas-max-per-node`: a node may hold fewer active tasks of the service than the limit.</summary>
public sealed class MaxReplicasFilter : IFilter
{
    private string serviceId = "";
    private ulong maxReplicas;

    public bool SetTask(SwarmTask task)
    {
        serviceId = task.ServiceId;
        maxReplicas = task.Spec.Placement?.MaxReplicas ?? 0;
        return maxReplicas > 0;
    }

    public bool Check(NodeInfo node) => (ulong)node.ActiveTasksOf(serviceId) < maxReplicas;

    // SwarmKit's wording, count-free and all.
    public string Explain(int nodes) => "max replicas per node limit exceed";
}
