using MessagePack;
using Swarm.Api.Objects;

namespace Swarm.Api.Tests.Objects;

/// <summary>Every store object survives a MessagePack round trip through its union, field by field.</summary>
public class SerializationTests
{
    private static readonly Meta SomeMeta = new() { Version = 7, CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch.AddHours(1) };

    public static TheoryData<ISwarmObject> Objects() =>
    [
        new Cluster { Id = "c", Meta = SomeMeta, JoinTokens = new JoinTokens { Worker = "SWMTKN-1-a-b", Manager = "SWMTKN-1-a-c" } },
        new Node { Id = "n", Meta = SomeMeta, Spec = new NodeSpec { Availability = NodeAvailability.Drain, Labels = new Dictionary<string, string> { ["zone"] = "a" } },
            Description = new NodeDescription { Hostname = "h1" }, ManagerStatus = new ManagerStatus { Leader = true, Addr = "198.18.0.2:2377" }, Role = NodeRole.Manager },
        new Service { Id = "s", Meta = SomeMeta, SpecVersion = 3, Spec = new ServiceSpec
        {
            Name = "web", Mode = new ServiceMode { Replicated = new ReplicatedMode { Replicas = 3 } },
            TaskTemplate = new TaskSpec { ContainerSpec = new ContainerSpec { Image = "busybox", Args = ["sleep", "1"] },
                RestartPolicy = new RestartPolicy { Condition = RestartCondition.OnFailure } },
            UpdateConfig = new UpdateConfig { Parallelism = 2, Delay = TimeSpan.FromSeconds(1), FailureAction = FailureAction.Rollback },
            EndpointSpec = new EndpointSpec { Ports = [new PortConfig { TargetPort = 80, PublishedPort = 8080 }] },
        } },
        new SwarmTask { Id = "t", Meta = SomeMeta, ServiceId = "s", Slot = 2, NodeId = "n", DesiredState = TaskState.Running,
            Status = new SwarmTaskStatus { State = TaskState.Assigned, Message = "scheduled" } },
        new Network { Id = "w", Meta = SomeMeta, Spec = new NetworkSpec { Name = "ingress", Ingress = true, IpamConfigs = [new IpamConfig { Subnet = "10.0.0.0/24" }] } },
        new Secret { Id = "x", Meta = SomeMeta, Spec = new SecretSpec { Name = "pw", Data = [1, 2, 3] } },
        new Config { Id = "y", Meta = SomeMeta, Spec = new ConfigSpec { Name = "conf", Data = [4, 5] } },
    ];

    [Theory]
    [MemberData(nameof(Objects))]
    public void RoundTrip_ThroughUnion_KeepsEveryField(ISwarmObject original)
    {
        var bytes = MessagePackSerializer.Serialize(original);
        var copy = MessagePackSerializer.Deserialize<ISwarmObject>(bytes);

        Assert.Equal(original.GetType(), copy.GetType());
        Assert.Equal(MessagePackSerializer.ConvertToJson(bytes), MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize(copy)));
        Assert.Equal(original.Id, copy.Id);
        Assert.Equal(original.Meta, copy.Meta);
    }

    [Fact]
    public void WithMeta_ReplacesOnlyMeta()
    {
        var service = new Service { Id = "s", Spec = new ServiceSpec { Name = "web" } };

        var stamped = (Service)service.WithMeta(SomeMeta);

        Assert.Equal(SomeMeta, stamped.Meta);
        Assert.Same(service.Spec, stamped.Spec);
    }
}
