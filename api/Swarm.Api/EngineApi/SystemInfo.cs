namespace Swarm.Api.EngineApi;

/// <summary><c>GET /info</c>: the fields the docker CLI reads; the Swarm section is the one that matters here.</summary>
public sealed record SystemInfo
{
    public string ID { get; init; } = "";
    public int Containers { get; init; }
    public int ContainersRunning { get; init; }
    public int ContainersPaused { get; init; }
    public int ContainersStopped { get; init; }
    public int Images { get; init; }
    public string Driver { get; init; } = "overlay2";
    public string CgroupDriver { get; init; } = "";
    public string CgroupVersion { get; init; } = "";
    public string Name { get; init; } = "";
    public string ServerVersion { get; init; } = "";
    public string OperatingSystem { get; init; } = "";
    public string OSType { get; init; } = "linux";
    public string Architecture { get; init; } = "";
    public string KernelVersion { get; init; } = "";
    public int NCPU { get; init; }
    public long MemTotal { get; init; }
    public string DockerRootDir { get; init; } = "";
    public IReadOnlyList<string> Labels { get; init; } = [];
    public SwarmState Swarm { get; init; } = new();
}

public sealed record SwarmState
{
    public string NodeID { get; init; } = "";
    public string NodeAddr { get; init; } = "";
    /// <summary>inactive|pending|active|error|locked.</summary>
    public string LocalNodeState { get; init; } = "inactive";
    public bool ControlAvailable { get; init; }
    public string Error { get; init; } = "";
    public IReadOnlyList<PeerNode>? RemoteManagers { get; init; }
    public int? Nodes { get; init; }
    public int? Managers { get; init; }
    public SwarmInfo? Cluster { get; init; }
}

public sealed record PeerNode
{
    public string NodeID { get; init; } = "";
    public string Addr { get; init; } = "";
}

/// <summary><c>GET /version</c>.</summary>
public sealed record VersionInfo
{
    public ComponentVersion Platform { get; init; } = new();
    public IReadOnlyList<ComponentVersion> Components { get; init; } = [];
    public string Version { get; init; } = "";
    public string ApiVersion { get; init; } = "";
    public string MinAPIVersion { get; init; } = "";
    public string GitCommit { get; init; } = "";
    public string GoVersion { get; init; } = "";
    public string Os { get; init; } = "linux";
    public string Arch { get; init; } = "";
    public string KernelVersion { get; init; } = "";
    public string? BuildTime { get; init; }
}

public sealed record ComponentVersion
{
    public string Name { get; init; } = "";
    public string? Version { get; init; }
    public IReadOnlyDictionary<string, string>? Details { get; init; }
}
