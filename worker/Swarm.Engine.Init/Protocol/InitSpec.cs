namespace Swarm.Engine.Init.Protocol;

/// <summary>
/// Everything swarm-init needs to set up one container (or one exec). Written by the engine, read by the shim.
/// Plain mutable fields so the codec needs no reflection (the shim is NativeAOT).
/// </summary>
internal sealed class InitSpec
{
    /// <summary>Container state directory (host path): exit file.</summary>
    public string StateDir { get; set; } = "";

    /// <summary>Overlay lower directories, top first.</summary>
    public List<string> LowerDirs { get; set; } = [];

    public string UpperDir { get; set; } = "";

    public string WorkDir { get; set; } = "";

    /// <summary>Where the overlay is mounted (inside the container's own mount namespace only).</summary>
    public string RootfsDir { get; set; } = "";

    public bool ReadOnlyRootfs { get; set; }

    public string Hostname { get; set; } = "";

    /// <summary>"host", "none", or "path" (join <see cref="NetNsPath"/>).</summary>
    public string NetMode { get; set; } = "none";

    public string NetNsPath { get; set; } = "";

    /// <summary>Cgroup directories the process joins before exec (v1: one per controller; v2: one).</summary>
    public List<string> Cgroups { get; set; } = [];

    public List<SpecMount> Mounts { get; set; } = [];

    public List<string> Args { get; set; } = [];

    public List<string> Env { get; set; } = [];

    public string WorkingDir { get; set; } = "/";

    /// <summary>"", "uid", "uid:gid", "name", "name:group".</summary>
    public string User { get; set; } = "";

    /// <summary>Bit mask of capabilities (bit n = capability n) kept in the bounding, permitted and effective sets.</summary>
    public ulong Capabilities { get; set; }

    public bool NoNewPrivileges { get; set; }

    public List<SpecRlimit> Rlimits { get; set; } = [];

    public string LogPath { get; set; } = "";

    /// <summary>Rotate when the file would exceed this many bytes; 0 = never.</summary>
    public long LogMaxSize { get; set; }

    public int LogMaxFiles { get; set; } = 1;

    /// <summary>Exec mode: host pid of the container's first process, whose namespaces are joined.</summary>
    public int TargetPid { get; set; }

    /// <summary>Container mode: a FIFO made by the engine that becomes PID 1's stdin (docker run -i); "" = /dev/null.</summary>
    public string StdinPath { get; set; } = "";

    /// <summary>Exec mode: run the command on a new pseudo-terminal (docker exec -t).</summary>
    public bool Tty { get; set; }

    /// <summary>Exec mode with a TTY: a FIFO carrying "rows cols" lines (the engine's resize requests).</summary>
    public string ResizePath { get; set; } = "";

    /// <summary>Exec mode with a TTY: the initial window size (0 = leave the kernel's default).</summary>
    public int Rows { get; set; }

    public int Columns { get; set; }
}

/// <summary>A mount applied after pivot_root; bind sources are host paths (reached through the old root).</summary>
internal sealed record SpecMount(string Kind, string Source, string Target, bool ReadOnly, string Data);

internal sealed record SpecRlimit(int Resource, ulong Soft, ulong Hard);
