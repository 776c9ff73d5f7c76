namespace Swarm.Engine.Runtime;

/// <summary>
/// Everything needed to run one container, already merged with the image config
/// (see <see cref="ContainerConfigMerger"/>). The image store supplies <see cref="RootfsLowerDirs"/>.
/// </summary>
public sealed record ContainerConfig
{
    /// <summary>64 lowercase hex characters, as Docker's; also the cgroup and state directory name.</summary>
    public required string Id { get; init; }

    public string Name { get; init; } = "";

    /// <summary>Overlay lower directories, top layer first.</summary>
    public required IReadOnlyList<string> RootfsLowerDirs { get; init; }

    /// <summary>Entrypoint followed by cmd.</summary>
    public required IReadOnlyList<string> Args { get; init; }

    public IReadOnlyList<string> Env { get; init; } = [];

    public string WorkingDir { get; init; } = "/";

    /// <summary>"", "uid", "uid:gid", "name" or "name:group", resolved inside the container.</summary>
    public string User { get; init; } = "";

    /// <summary>Defaults to the first 12 characters of the id, as Docker does.</summary>
    public string? Hostname { get; init; }

    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];

    public bool ReadOnlyRootfs { get; init; }

    /// <summary>Secrets (under /run/secrets) and configs, served from a tmpfs that never touches the disk.</summary>
    public IReadOnlyList<FileMount> Files { get; init; } = [];

    public NetworkMode Network { get; init; } = NetworkMode.None;

    /// <summary>Lines appended to the container's /etc/hosts, e.g. "10.0.0.5 web".</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];

    /// <summary>resolv.conf content; null copies the host's.</summary>
    public string? ResolvConf { get; init; }

    public ResourceLimits Resources { get; init; } = new();

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    public bool NoNewPrivileges { get; init; }

    public IReadOnlyList<RlimitSpec> Rlimits { get; init; } = [];

    /// <summary>Run a tiny init (tini) as PID 1 that reaps zombies and forwards signals.</summary>
    public bool Init { get; init; }

    /// <summary>"SIGTERM", "TERM" or a number.</summary>
    public string StopSignal { get; init; } = "SIGTERM";

    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public HealthcheckConfig? Healthcheck { get; init; }

    public LogOptions Log { get; init; } = new();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>docker run -i: PID 1 reads a FIFO the engine writes attached clients' input into (else /dev/null).</summary>
    public bool OpenStdin { get; init; }

    /// <summary>Close that stdin when the first attached client's input ends (docker run -i sets it).</summary>
    public bool StdinOnce { get; init; }
}

public enum MountKind
{
    Bind,

    /// <summary>A named volume: the volume store resolves it to a host directory, mounted like a bind.</summary>
    Volume,
    Tmpfs,
}

/// <summary>Source is a host path for Bind/Volume; TmpfsOptions like "size=64m,mode=1777".</summary>
public sealed record MountSpec(MountKind Kind, string Source, string Target, bool ReadOnly = false, string TmpfsOptions = "");

/// <summary>A secret or config file placed at <see cref="Target"/> (e.g. /run/secrets/db_password).</summary>
public sealed record FileMount(string Name, string Target, ReadOnlyMemory<byte> Data, uint Mode = 0x124, uint Uid = 0, uint Gid = 0);

/// <summary>host, none (a private namespace with only lo), or a pre-made namespace handed over by the network driver.</summary>
public sealed record NetworkMode(string Kind, string? NamespacePath = null)
{
    public static NetworkMode Host { get; } = new("host");

    public static NetworkMode None { get; } = new("none");

    public static NetworkMode Namespace(string path) => new("path", path);
}

public sealed record ResourceLimits
{
    public long MemoryBytes { get; init; }

    /// <summary>CPU quota in units of 1e-9 CPUs (Docker's NanoCpus); 0 = unlimited.</summary>
    public long NanoCpus { get; init; }

    /// <summary>Relative CPU weight (Docker's CpuShares); 0 = default 1024.</summary>
    public long CpuShares { get; init; }

    /// <summary>0 = unlimited.</summary>
    public long PidsLimit { get; init; }
}

/// <summary>An rlimit by name ("nofile", "nproc", "core", ...).</summary>
public sealed record RlimitSpec(string Name, ulong Soft, ulong Hard);

/// <summary>Docker's healthcheck: Test is ["CMD", args...], ["CMD-SHELL", command] or ["NONE"].</summary>
public sealed record HealthcheckConfig
{
    public required IReadOnlyList<string> Test { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public int Retries { get; init; } = 3;

    public TimeSpan StartPeriod { get; init; } = TimeSpan.Zero;
}

/// <summary>json-file rotation: max-size bytes (0 = unlimited) and max-file count.</summary>
public sealed record LogOptions(long MaxSize = 0, int MaxFiles = 1);
