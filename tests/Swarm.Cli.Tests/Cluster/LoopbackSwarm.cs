using Swarm.Cli.Tests.Daemon;
using Swarm.Testing;
using Swarm.Testing.Docker;

namespace Swarm.Cli.Tests.Cluster;

/// <summary>
/// Several `swarm daemon` processes on one machine, each a named node (its own UTS namespace) reached at its own
/// loopback address (127.N.0.i, the cluster port 2377 and Raft 2378 on each), driven by the real docker CLI. Every
/// node has the busybox image imported (there is no registry). Disposing stops every daemon and cleans up.
/// </summary>
internal sealed class LoopbackSwarm : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    public const string Image = "busybox:swarm";

    private static int networks = Random.Shared.Next(200);
    private readonly int network = 20 + (Interlocked.Increment(ref networks) % 200);
    private readonly TempDirectory directory = new("swarm-loopback-");
    private string? imageTar;

    public List<SwarmNode> Nodes { get; } = [];

    public async Task<SwarmNode> AddNodeAsync()
    {
        var index = Nodes.Count + 1;
        var daemon = await DaemonProcess.StartAsync($"node-{index}");
        var node = new SwarmNode(daemon, $"127.{network}.0.{index}", daemon.Docker(), $"node-{index}");
        Nodes.Add(node);
        imageTar ??= BusyboxTar.Create(directory.Sub("image"));
        await node.Docker.OkAsync("import", "-c", "CMD [\"sh\"]", imageTar, Image);
        return node;
    }

    /// <summary>`docker swarm init` on <paramref name="node"/>, with a 1 s heartbeat so lost nodes are noticed quickly.</summary>
    public Task<string> InitAsync(SwarmNode node) => node.Docker.OkAsync(
        "swarm", "init", "--advertise-addr", node.Address, "--listen-addr", $"{node.Address}:2377", "--dispatcher-heartbeat", "1s");

    /// <summary>`docker swarm join` through <paramref name="manager"/> with its token for <paramref name="role"/>.</summary>
    public async Task<DockerResult> JoinAsync(SwarmNode node, SwarmNode manager, string role)
    {
        var token = (await manager.Docker.OkAsync("swarm", "join-token", "-q", role)).Trim();
        return await JoinWithTokenAsync(node, manager, token);
    }

    public Task<DockerResult> JoinWithTokenAsync(SwarmNode node, SwarmNode manager, string token) => node.Docker.RunAsync(
        "swarm", "join", "--token", token, "--advertise-addr", node.Address, "--listen-addr", $"{node.Address}:2377", $"{manager.Address}:2377");

    /// <summary>Task containers of <paramref name="service"/> running on <paramref name="node"/>.</summary>
    public static async Task<int> RunningTasksAsync(SwarmNode node, string service)
    {
        var ids = await node.Docker.OkAsync("ps", "-q", "--filter", $"label=com.docker.swarm.service.name={service}");
        return ids.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    /// <summary>`docker node ls` on <paramref name="node"/>: hostname → "status/manager status" lines, or null when refused.</summary>
    public static async Task<IReadOnlyDictionary<string, string>?> NodeListAsync(SwarmNode node)
    {
        var result = await node.Docker.RunAsync("node", "ls", "--format", "{{.Hostname}} {{.Status}}/{{.ManagerStatus}}");
        return result.ExitCode != 0 ? null : result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
    }

    public async ValueTask DisposeAsync()
    {
        // SWARM_TEST_LOGS=<dir> keeps every daemon's log, for a failure that needs them.
        if (Environment.GetEnvironmentVariable("SWARM_TEST_LOGS") is { Length: > 0 } logs)
        {
            Directory.CreateDirectory(logs);
            foreach (var node in Nodes)
                await File.WriteAllTextAsync(Path.Combine(logs, $"{network}-{node.Hostname}.log"), node.Daemon.Output);
        }
        foreach (var node in Nodes)
            await node.Daemon.DisposeAsync();
        directory.Dispose();
    }
}

internal sealed record SwarmNode(DaemonProcess Daemon, string Address, DockerCli Docker, string Hostname);
