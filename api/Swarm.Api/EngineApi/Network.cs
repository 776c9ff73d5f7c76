namespace Swarm.Api.EngineApi;

/// <summary>A network as <c>/networks</c> shows it (Docker's NetworkResource: note <c>Id</c>, not <c>ID</c>).</summary>
public sealed record Network
{
    public string Name { get; init; } = "";
    public string Id { get; init; } = "";
    public DateTimeOffset Created { get; init; }
    public string Scope { get; init; } = "swarm";
    public string Driver { get; init; } = "overlay";
    public bool EnableIPv6 { get; init; }
    public Ipam IPAM { get; init; } = new();
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool Ingress { get; init; }
    public ConfigFrom ConfigFrom { get; init; } = new();
    public bool ConfigOnly { get; init; }
    public IReadOnlyDictionary<string, object> Containers { get; init; } = new Dictionary<string, object>();
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

public sealed record Ipam
{
    public string Driver { get; init; } = "default";
    public IReadOnlyDictionary<string, string>? Options { get; init; }
    public IReadOnlyList<IpamPool>? Config { get; init; }
}

public sealed record IpamPool
{
    public string? Subnet { get; init; }
    public string? IPRange { get; init; }
    public string? Gateway { get; init; }
}

public sealed record ConfigFrom
{
    public string Network { get; init; } = "";
}

/// <summary>The body of <c>POST /networks/create</c>.</summary>
public sealed record NetworkCreateRequest
{
    public string Name { get; init; } = "";
    public bool CheckDuplicate { get; init; }
    public string? Driver { get; init; }
    public string? Scope { get; init; }
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool Ingress { get; init; }
    public bool ConfigOnly { get; init; }
    public bool EnableIPv6 { get; init; }
    public Ipam? IPAM { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

public sealed record NetworkCreateResponse
{
    public string Id { get; init; } = "";
    public string Warning { get; init; } = "";
}
