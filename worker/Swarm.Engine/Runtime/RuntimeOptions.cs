namespace Swarm.Engine.Runtime;

public sealed record RuntimeOptions
{
    /// <summary>State root; each container lives in <c>&lt;Root&gt;/containers/&lt;id&gt;/</c>.</summary>
    public required string Root { get; init; }

    /// <summary>The published NativeAOT swarm-init executable.</summary>
    public required string InitPath { get; init; }

    /// <summary>Parent cgroup under each hierarchy (v1) or the unified root (v2); one per daemon.</summary>
    public string CgroupParent { get; init; } = "swarm";

    /// <summary>The `--init` binary (Debian tini-static), bind-mounted into the container as /dev/init.</summary>
    public string TiniPath { get; init; } = "/usr/bin/tini-static";

    /// <summary>How often re-adopted containers (not our children) are checked for exit.</summary>
    public TimeSpan AdoptedExitPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long start waits for swarm-init to report.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Volatile per-container files (state, spec, /etc files, secrets); a tmpfs such as /run/swarm. Defaults to <see cref="Root"/>.</summary>
    public string? RunRoot { get; init; }

    public string ContainersDir => Path.Combine(Root, "containers");

    public string RunContainersDir => Path.Combine(RunRoot ?? Root, "containers");
}
