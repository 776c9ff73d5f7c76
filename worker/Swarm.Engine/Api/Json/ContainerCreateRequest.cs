namespace Swarm.Engine.Api.Json;

/// <summary>The body of POST /containers/create (the subset the engine honours; other fields are ignored).</summary>
public sealed record ContainerCreateRequest
{
    public string? Hostname { get; init; }
    public string? User { get; init; }
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public bool StdinOnce { get; init; }
    public List<string>? Env { get; init; }
    public List<string>? Cmd { get; init; }
    public List<string>? Entrypoint { get; init; }
    public string? Image { get; init; }
    public string? WorkingDir { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public string? StopSignal { get; init; }
    public int? StopTimeout { get; init; }
    public HealthcheckJson? Healthcheck { get; init; }
    public HostConfigJson? HostConfig { get; init; }

    /// <summary>`-v /path`: anonymous volumes at these paths (the values are empty objects).</summary>
    public Dictionary<string, object>? Volumes { get; init; }
}

public sealed record HealthcheckJson
{
    public List<string>? Test { get; init; }
    public long Interval { get; init; }
    public long Timeout { get; init; }
    public long StartPeriod { get; init; }
    public int Retries { get; init; }
}

public sealed record HostConfigJson
{
    public List<string>? Binds { get; init; }
    public string? NetworkMode { get; init; }
    public bool AutoRemove { get; init; }
    public bool? Init { get; init; }
    public bool ReadonlyRootfs { get; init; }
    public long Memory { get; init; }
    public long NanoCpus { get; init; }
    public long CpuShares { get; init; }
    public long? PidsLimit { get; init; }
    public List<string>? CapAdd { get; init; }
    public List<string>? CapDrop { get; init; }
    public Dictionary<string, string>? Tmpfs { get; init; }
    public List<MountJson>? Mounts { get; init; }
    public List<string>? ExtraHosts { get; init; }
}

public sealed record MountJson
{
    public string? Type { get; init; }
    public string? Source { get; init; }
    public string? Target { get; init; }
    public bool ReadOnly { get; init; }
}
