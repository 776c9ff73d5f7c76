using MessagePack;

namespace Swarm.Api.Objects;

[MessagePackObject]
public sealed record EndpointSpec
{
    [Key(0)] public EndpointMode Mode { get; init; } = EndpointMode.Vip;
    [Key(1)] public IReadOnlyList<PortConfig> Ports { get; init; } = [];
}

public enum EndpointMode { Vip = 0, Dnsrr = 1 }

[MessagePackObject]
public sealed record PortConfig
{
    [Key(0)] public string? Name { get; init; }
    [Key(1)] public PortProtocol Protocol { get; init; } = PortProtocol.Tcp;
    [Key(2)] public uint TargetPort { get; init; }
    /// <summary>0 asks the allocator for one from the dynamic range (30000-32767).</summary>
    [Key(3)] public uint PublishedPort { get; init; }
    [Key(4)] public PublishMode PublishMode { get; init; } = PublishMode.Ingress;
}

public enum PortProtocol { Tcp = 0, Udp = 1, Sctp = 2 }

public enum PublishMode { Ingress = 0, Host = 1 }

/// <summary>What the allocator gave a service: its ports as published and one VIP per attached network.</summary>
[MessagePackObject]
public sealed record ServiceEndpoint
{
    [Key(0)] public EndpointSpec Spec { get; init; } = new();
    [Key(1)] public IReadOnlyList<PortConfig> Ports { get; init; } = [];
    [Key(2)] public IReadOnlyList<VirtualIp> VirtualIps { get; init; } = [];
}

[MessagePackObject]
public sealed record VirtualIp
{
    [Key(0)] public string NetworkId { get; init; } = "";
    /// <summary>CIDR form, e.g. 10.0.1.2/24.</summary>
    [Key(1)] public string Addr { get; init; } = "";
}
