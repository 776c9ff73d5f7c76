using System.Net;
using Serilog.Events;

namespace Swarm.Store.NodeHost;

/// <summary>
/// The command line:
/// <c>--data DIR --raft IP:PORT --certs DIR [--bootstrap] [--snapshot-interval N] [--log-level LEVEL] [--exit-with PID]</c>.
/// </summary>
internal sealed record NodeArguments
{
    public const string Usage =
        "usage: swarm-store-node --data DIR --raft IP:PORT --certs DIR [--bootstrap] [--snapshot-interval N] [--log-level warning|information|debug] [--exit-with PID]";

    public required string DataDirectory { get; init; }
    public required IPEndPoint RaftEndPoint { get; init; }
    public required string CertificatesDirectory { get; init; }
    public bool Bootstrap { get; init; }
    public long? SnapshotInterval { get; init; }
    public LogEventLevel LogLevel { get; init; } = LogEventLevel.Warning;

    /// <summary>Stop when this process exits (the test or benchmark that started the node).</summary>
    public int? ExitWithPid { get; init; }

    /// <summary>The control API's socket lives in the data directory, so one directory is one node.</summary>
    public string SocketPath => Path.Combine(DataDirectory, "api.sock");

    /// <summary>Parses the arguments; the error says what is wrong in one line.</summary>
    public static NodeArguments? TryParse(IReadOnlyList<string> args, out string? error)
    {
        string? data = null, certs = null;
        IPEndPoint? raft = null;
        var bootstrap = false;
        long? snapshotInterval = null;
        var level = LogEventLevel.Warning;
        int? exitWith = null;
        error = null;
        for (var i = 0; i < args.Count && error is null; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--data": data = Path.GetFullPath(Value()); break;
                    case "--certs": certs = Path.GetFullPath(Value()); break;
                    case "--raft":
                        raft = IPEndPoint.TryParse(Value(), out var ep) && ep.Port != 0 ? ep : throw new FormatException("--raft needs IP:PORT");
                        break;
                    case "--bootstrap": bootstrap = true; break;
                    case "--snapshot-interval":
                        snapshotInterval = long.TryParse(Value(), out var n) && n > 0 ? n : throw new FormatException("--snapshot-interval needs a positive number");
                        break;
                    case "--log-level":
                        level = Enum.TryParse<LogEventLevel>(Value(), ignoreCase: true, out var l) ? l : throw new FormatException("unknown --log-level");
                        break;
                    case "--exit-with":
                        exitWith = int.TryParse(Value(), out var pid) && pid > 0 ? pid : throw new FormatException("--exit-with needs a process id");
                        break;
                    default: error = $"unknown argument {args[i]}"; break;
                }
            }
            catch (FormatException e)
            {
                error = e.Message;
            }
        }
        if (error is null && (data is null || raft is null || certs is null))
            error = "--data, --raft and --certs are required";
        if (error is not null)
            return null;
        return new NodeArguments
        {
            DataDirectory = data!, RaftEndPoint = raft!, CertificatesDirectory = certs!,
            Bootstrap = bootstrap, SnapshotInterval = snapshotInterval, LogLevel = level, ExitWithPid = exitWith,
        };
    }
}
