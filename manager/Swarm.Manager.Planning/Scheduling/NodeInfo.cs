using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// A node plus what is already placed on it, as the scheduler sees it: active task counts (per service and in
/// total), resources left after reservations, host-mode ports in use, and recent failures per service version.
/// Built by <see cref="NodeSet"/>; updated as a batch places tasks so later tasks see earlier decisions.
/// </summary>
public sealed class NodeInfo
{
    private readonly Dictionary<string, int> activeByService = new(StringComparer.Ordinal);
    private readonly HashSet<(PortProtocol, uint)> hostPorts = [];
    private Dictionary<(string, ulong), int>? recentFailures;

    internal NodeInfo(Node node, int order)
    {
        Node = node;
        Order = order;
        AvailableNanoCpus = node.Description?.Resources.NanoCpus ?? 0;
        AvailableMemoryBytes = node.Description?.Resources.MemoryBytes ?? 0;
    }

    public Node Node { get; }

    public string Id => Node.Id;

    /// <summary>Rank of the node id in ordinal order: the final, deterministic tie-break.</summary>
    public int Order { get; }

    /// <summary>Tasks placed here whose desired state is at most Complete, of every service.</summary>
    public int ActiveTasks { get; private set; }

    /// <summary>Node CPU minus the reservations of the tasks placed here; may go negative (over-committed).</summary>
    public long AvailableNanoCpus { get; private set; }

    public long AvailableMemoryBytes { get; private set; }

    public int ActiveTasksOf(string serviceId) => activeByService.GetValueOrDefault(serviceId);

    public bool IsHostPortInUse(PortProtocol protocol, uint port) => hostPorts.Contains((protocol, port));

    /// <summary>Failed or rejected tasks of this service version on this node within the monitoring window.</summary>
    public int RecentFailures(string serviceId, ulong specVersion)
        => recentFailures?.GetValueOrDefault((serviceId, specVersion)) ?? 0;

    /// <summary>Accounts for a task placed on this node (from the snapshot, or decided in this batch).</summary>
    internal void AddTask(SwarmTask task)
    {
        var reservations = task.Spec.Resources?.Reservations;
        if (reservations is not null)
        {
            AvailableNanoCpus -= reservations.NanoCpus;
            AvailableMemoryBytes -= reservations.MemoryBytes;
        }
        foreach (var port in task.Endpoint?.Ports ?? [])
        {
            if (port.PublishMode == PublishMode.Host && port.PublishedPort != 0)
                hostPorts.Add((port.Protocol, port.PublishedPort));
        }
        if (task.DesiredState <= TaskState.Complete)
        {
            ActiveTasks++;
            activeByService[task.ServiceId] = ActiveTasksOf(task.ServiceId) + 1;
        }
    }

    internal void AddFailure(string serviceId, ulong specVersion)
    {
        recentFailures ??= [];
        recentFailures[(serviceId, specVersion)] = RecentFailures(serviceId, specVersion) + 1;
    }

    public override string ToString() => $"{Id} ({ActiveTasks} tasks)";
}
