using MessagePack;

namespace Swarm.Api.Objects;

/// <summary>A machine in the cluster. Spec is the operator's (role, availability, labels); the rest is observed.</summary>
[MessagePackObject]
public sealed record Node : ISwarmObject
{
    [Key(0)] public string Id { get; init; } = "";
    [Key(1)] public Meta Meta { get; init; } = new();
    [Key(2)] public NodeSpec Spec { get; init; } = new();
    [Key(3)] public NodeStatus Status { get; init; } = new();
    [Key(4)] public NodeDescription? Description { get; init; }
    [Key(5)] public ManagerStatus? ManagerStatus { get; init; }
    /// <summary>The role the node has now; Spec.DesiredRole is where it is going.</summary>
    [Key(6)] public NodeRole Role { get; init; }

    [IgnoreMember] public string? UniqueName => null;

    public ISwarmObject WithMeta(Meta meta) => this with { Meta = meta };
}

[MessagePackObject]
public sealed record NodeSpec
{
    [Key(0)] public string? Name { get; init; }
    [Key(1)] public IReadOnlyDictionary<string, string> Labels { get; init; } = Empty.Labels;
    [Key(2)] public NodeRole DesiredRole { get; init; }
    [Key(3)] public NodeAvailability Availability { get; init; }
}

[MessagePackObject]
public sealed record NodeStatus
{
    [Key(0)] public NodeState State { get; init; }
    [Key(1)] public string? Message { get; init; }
    [Key(2)] public string? Addr { get; init; }
}

[MessagePackObject]
public sealed record NodeDescription
{
    [Key(0)] public string Hostname { get; init; } = "";
    [Key(1)] public Platform Platform { get; init; } = new();
    [Key(2)] public Resources Resources { get; init; } = new();
    [Key(3)] public string EngineVersion { get; init; } = "";
    [Key(4)] public IReadOnlyDictionary<string, string> EngineLabels { get; init; } = Empty.Labels;
}

[MessagePackObject]
public sealed record Platform
{
    [Key(0)] public string Architecture { get; init; } = "x86_64";
    [Key(1)] public string OS { get; init; } = "linux";
}

[MessagePackObject]
public sealed record ManagerStatus
{
    [Key(0)] public bool Leader { get; init; }
    [Key(1)] public Reachability Reachability { get; init; }
    /// <summary>host:port of the manager's cluster API (2377).</summary>
    [Key(2)] public string Addr { get; init; } = "";
    /// <summary>host:port of the manager's Raft endpoint (2378).</summary>
    [Key(3)] public string RaftAddr { get; init; } = "";
}

public enum NodeRole { Worker = 0, Manager = 1 }

public enum NodeAvailability { Active = 0, Pause = 1, Drain = 2 }

public enum NodeState { Unknown = 0, Down = 1, Ready = 2, Disconnected = 3 }

public enum Reachability { Unknown = 0, Unreachable = 1, Reachable = 2 }
