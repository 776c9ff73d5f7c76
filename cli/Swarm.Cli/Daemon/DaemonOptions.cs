using Serilog.Events;

namespace Swarm.Cli.Daemon;

/// <summary>Where a node keeps its state and serves its API. Validated once, at start.</summary>
internal sealed record DaemonOptions(string DataRoot, string ExecRoot, string SocketPath, string InitPath, LogEventLevel LogLevel)
{
    public const string DefaultDataRoot = "/var/lib/swarm";
    public const string DefaultExecRoot = "/run/swarm";
    public const string DefaultSocket = "/run/swarm/swarm.sock";

    public string CgroupParent { get; init; } = "swarm";

    public string ImagesDir => Path.Combine(DataRoot, "images");

    public static DaemonOptions Create(string dataRoot, string execRoot, string host, string? initPath, string logLevel)
    {
        var socket = host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : host;
        if (!Path.IsPathRooted(socket))
            throw new ArgumentException($"--host must be an absolute unix socket path (unix:///run/swarm/swarm.sock), not \"{host}\"");
        if (!Path.IsPathRooted(dataRoot) || !Path.IsPathRooted(execRoot))
            throw new ArgumentException("--data-root and --exec-root must be absolute paths");
        var level = logLevel.ToLowerInvariant() switch
        {
            "debug" => LogEventLevel.Debug,
            "info" => LogEventLevel.Information,
            "warn" or "warning" => LogEventLevel.Warning,
            "error" => LogEventLevel.Error,
            _ => throw new ArgumentException($"unknown --log-level \"{logLevel}\" (debug, info, warn, error)"),
        };
        return new DaemonOptions(dataRoot, execRoot, socket, initPath ?? LocateInit(), level);
    }

    /// <summary>$SWARM_INIT_PATH, else swarm-init next to this executable, else the repository's published copy.</summary>
    private static string LocateInit()
    {
        if (Environment.GetEnvironmentVariable("SWARM_INIT_PATH") is { Length: > 0 } configured)
            return configured;
        var beside = Path.Combine(AppContext.BaseDirectory, "swarm-init");
        if (File.Exists(beside))
            return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var published = Path.Combine(dir.FullName, ".artifacts", "swarm-init", "swarm-init");
            if (File.Exists(published))
                return published;
        }

        throw new ArgumentException("swarm-init not found: pass --init-path or set SWARM_INIT_PATH");
    }
}
