using Swarm.Api.Objects;
using Swarm.Store;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Mapping;

/// <summary>Store objects as the Engine API shows them.</summary>
internal static class ObjectWriter
{
    public static E.ObjectVersion VersionOf(ISwarmObject obj) => new() { Index = obj.Meta.Version };

    public static E.Service Write(Service service, E.ServiceStatus? status = null) => new()
    {
        ID = service.Id,
        Version = VersionOf(service),
        CreatedAt = service.Meta.CreatedAt,
        UpdatedAt = service.Meta.UpdatedAt,
        Spec = ServiceSpecWriter.Write(service.Spec),
        PreviousSpec = service.PreviousSpec is { } previous ? ServiceSpecWriter.Write(previous) : null,
        Endpoint = new E.Endpoint
        {
            Spec = ServiceSpecWriter.WriteEndpoint(service.Endpoint?.Spec ?? service.Spec.EndpointSpec ?? new EndpointSpec()),
            Ports = service.Endpoint is { Ports.Count: > 0 } e ? e.Ports.Select(ServiceSpecWriter.WritePort).ToArray() : null,
            VirtualIPs = service.Endpoint is { VirtualIps.Count: > 0 } v
                ? v.VirtualIps.Select(ip => new E.EndpointVirtualIP { NetworkID = ip.NetworkId, Addr = ip.Addr }).ToArray()
                : null,
        },
        UpdateStatus = service.UpdateStatus is { } u ? new E.UpdateStatus
        {
            State = EngineWords.Of(u.State), StartedAt = u.StartedAt, CompletedAt = u.CompletedAt, Message = u.Message,
        } : null,
        ServiceStatus = status,
        JobStatus = service.Spec.Mode.ReplicatedJob is not null || service.Spec.Mode.GlobalJob
            ? new E.JobStatus { JobIteration = new E.ObjectVersion { Index = service.SpecVersion }, LastExecution = service.Meta.UpdatedAt }
            : null,
    };

    public static E.SwarmTask Write(SwarmTask task, Func<string, Network?> network) => new()
    {
        ID = task.Id,
        Version = VersionOf(task),
        CreatedAt = task.Meta.CreatedAt,
        UpdatedAt = task.Meta.UpdatedAt,
        Spec = ServiceSpecWriter.WriteTask(task.Spec),
        ServiceID = task.ServiceId,
        Slot = task.Slot,
        NodeID = task.NodeId.Length == 0 ? null : task.NodeId,
        Status = new E.TaskStatus
        {
            Timestamp = task.Status.Timestamp,
            State = EngineWords.Of(task.Status.State),
            Message = task.Status.Message,
            Err = task.Status.Err,
            ContainerStatus = task.Status.ContainerStatus is { } c
                ? new E.TaskContainerStatus { ContainerID = c.ContainerId, PID = c.Pid, ExitCode = c.ExitCode }
                : null,
            PortStatus = new E.PortStatus
            {
                Ports = task.Status.PublishedPorts.Count == 0 ? null : task.Status.PublishedPorts.Select(ServiceSpecWriter.WritePort).ToArray(),
            },
        },
        DesiredState = EngineWords.Of(task.DesiredState),
        NetworksAttachments = task.Networks.Count == 0 ? null : task.Networks.Select(a => new E.TaskNetworkAttachment
        {
            Network = network(a.NetworkId) is { } n ? WriteTaskNetwork(n) : new E.TaskNetwork { ID = a.NetworkId },
            Addresses = a.Addresses,
        }).ToArray(),
        JobIteration = task.JobIteration == 0 ? null : new E.ObjectVersion { Index = task.JobIteration },
    };

    private static E.TaskNetwork WriteTaskNetwork(Network n) => new()
    {
        ID = n.Id,
        Version = VersionOf(n),
        CreatedAt = n.Meta.CreatedAt,
        UpdatedAt = n.Meta.UpdatedAt,
        Spec = new E.TaskNetworkSpec
        {
            Name = n.Spec.Name,
            Labels = n.Spec.Labels,
            DriverConfiguration = new E.Driver { Name = n.Spec.Driver },
            Attachable = n.Spec.Attachable,
            Ingress = n.Spec.Ingress,
            Internal = n.Spec.Internal,
        },
    };

    public static E.Node Write(Node node) => Write(node, null);

    /// <summary>
    /// A node as Docker shows it. Given who leads (<paramref name="leadership"/>), a manager's leader flag and
    /// reachability are read live, as SwarmKit does from Raft: the leader is the member at the leader's Raft address,
    /// a manager is reachable while its node is READY.
    /// </summary>
    public static E.Node Write(Node node, ILeadership? leadership) => new()
    {
        ID = node.Id,
        Version = VersionOf(node),
        CreatedAt = node.Meta.CreatedAt,
        UpdatedAt = node.Meta.UpdatedAt,
        Spec = new E.NodeSpec
        {
            Name = node.Spec.Name,
            Labels = node.Spec.Labels,
            Role = EngineWords.Of(node.Spec.DesiredRole),
            Availability = EngineWords.Of(node.Spec.Availability),
        },
        Description = node.Description is { } d ? new E.NodeDescription
        {
            Hostname = d.Hostname,
            Platform = new E.PlatformInfo { Architecture = d.Platform.Architecture, OS = d.Platform.OS },
            Resources = new E.Limit { NanoCPUs = d.Resources.NanoCpus, MemoryBytes = d.Resources.MemoryBytes },
            Engine = new E.EngineDescription { EngineVersion = d.EngineVersion, Labels = d.EngineLabels },
        } : new E.NodeDescription(),
        Status = new E.NodeStatus
        {
            State = EngineWords.Of(node.Status.State), Message = node.Status.Message, Addr = node.Status.Addr ?? "",
        },
        ManagerStatus = node.ManagerStatus is { } m ? new E.ManagerStatus
        {
            Leader = leadership is null ? m.Leader : IsLeader(m, leadership),
            Reachability = EngineWords.Of(leadership is null ? m.Reachability
                : IsLeader(m, leadership) || node.Status.State == NodeState.Ready ? Reachability.Reachable : Reachability.Unreachable),
            Addr = m.Addr,
        } : null,
    };

    private static bool IsLeader(ManagerStatus status, ILeadership leadership)
        => status.RaftAddr.Length > 0 && string.Equals(status.RaftAddr, leadership.LeaderAddress, StringComparison.OrdinalIgnoreCase);

    public static E.Network Write(Network network) => new()
    {
        Name = network.Spec.Name,
        Id = network.Id,
        Created = network.Meta.CreatedAt,
        Scope = "swarm",
        Driver = network.Spec.Driver,
        IPAM = new E.Ipam
        {
            Driver = "default",
            Config = (network.Ipam?.Configs is { Count: > 0 } allocated ? allocated : network.Spec.IpamConfigs)
                .Select(c => new E.IpamPool { Subnet = c.Subnet, Gateway = c.Gateway, IPRange = c.IpRange }).ToArray(),
        },
        Internal = network.Spec.Internal,
        Attachable = network.Spec.Attachable,
        Ingress = network.Spec.Ingress,
        Options = network.DriverState?.Options is { Count: > 0 } state
            ? network.Spec.DriverOptions.Concat(state).DistinctBy(kv => kv.Key).ToDictionary()
            : network.Spec.DriverOptions,
        Labels = network.Spec.Labels,
    };

    /// <summary>A secret's data never leaves the store through the API.</summary>
    public static E.Secret Write(Secret secret) => new()
    {
        ID = secret.Id,
        Version = VersionOf(secret),
        CreatedAt = secret.Meta.CreatedAt,
        UpdatedAt = secret.Meta.UpdatedAt,
        Spec = new E.SecretSpec
        {
            Name = secret.Spec.Name,
            Labels = secret.Spec.Labels,
            Driver = secret.Spec.Driver is { Length: > 0 } driver ? new E.Driver { Name = driver } : null,
        },
    };

    public static E.Config Write(Config config) => new()
    {
        ID = config.Id,
        Version = VersionOf(config),
        CreatedAt = config.Meta.CreatedAt,
        UpdatedAt = config.Meta.UpdatedAt,
        Spec = new E.ConfigSpec { Name = config.Spec.Name, Labels = config.Spec.Labels, Data = config.Spec.Data },
    };
}
