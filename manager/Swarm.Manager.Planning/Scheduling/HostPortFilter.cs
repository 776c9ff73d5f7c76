using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Scheduling;

/// <summary>A port the task publishes in host mode must not be published in host mode by a task already on the node.</summary>
public sealed class HostPortFilter : IFilter
{
    private PortConfig[] ports = [];

    public bool SetTask(SwarmTask task)
    {
        ports = (task.Endpoint?.Ports ?? [])
            .Where(p => p.PublishMode == PublishMode.Host && p.PublishedPort != 0)
            .ToArray();
        return ports.Length > 0;
    }

    public bool Check(NodeInfo node)
    {
        foreach (var port in ports)
        {
            if (node.IsHostPortInUse(port.Protocol, port.PublishedPort))
                return false;
        }
        return true;
    }

    public string Explain(int nodes)
        => nodes == 1 ? "host-mode port already in use on 1 node" : $"host-mode port already in use on {nodes} nodes";
}
