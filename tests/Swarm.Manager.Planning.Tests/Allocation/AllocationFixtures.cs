using Swarm.Api.Objects;
using Swarm.Manager.Planning.Allocation;

namespace Swarm.Manager.Planning.Tests.Allocation;

internal static class AllocationFixtures
{
    public static NetworkAllocationState NewState() => new(["10.0.0.0/8"], 24);

    public static Network Net(string id, string? subnet = null, string? gateway = null) => new()
    {
        Id = id,
        Spec = new NetworkSpec
        {
            Name = id + "-name",
            IpamConfigs = subnet is null ? [] : [new IpamConfig { Subnet = subnet, Gateway = gateway }],
        },
    };

    public static Service Svc(string id, string[]? networks = null, PortConfig[]? ports = null,
        EndpointMode mode = EndpointMode.Vip) => new()
    {
        Id = id,
        Spec = new ServiceSpec
        {
            Name = id + "-name",
            TaskTemplate = new TaskSpec { Networks = Attach(networks) },
            EndpointSpec = new EndpointSpec { Mode = mode, Ports = ports ?? [] },
        },
    };

    public static SwarmTask Task(string id, Service service, TaskState state = TaskState.New) => new()
    {
        Id = id,
        ServiceId = service.Id,
        Spec = service.Spec.TaskTemplate,
        Status = new SwarmTaskStatus { State = state },
    };

    public static PortConfig Ingress(uint published, uint target = 80) => new() { PublishedPort = published, TargetPort = target };

    private static NetworkAttachmentConfig[] Attach(string[]? networks)
        => (networks ?? []).Select(n => new NetworkAttachmentConfig { Target = n }).ToArray();
}
