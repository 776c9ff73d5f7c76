using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Swarm.Api.Objects;

namespace Swarm.Cli.Daemon.Cluster;

/// <summary>
/// This node's place in a swarm, kept in state.json: who it is, its role, where it listens and is reached, and the
/// managers it knows. Raft's port is the cluster port + 1 (2377 → 2378).
/// </summary>
internal sealed record NodeMembership
{
    public required string NodeId { get; init; }

    public required NodeRole Role { get; init; }

    /// <summary>ip:port the cluster port (2377) binds to; a manager's Raft port is the next one.</summary>
    public required string ListenAddress { get; init; }

    /// <summary>The IP other nodes reach this one at.</summary>
    public required string AdvertiseAddress { get; init; }

    /// <summary>host:port of managers' cluster ports to start from.</summary>
    public IReadOnlyList<string> Managers { get; init; } = [];

    [JsonIgnore] public IPEndPoint Listen => IPEndPoint.Parse(ListenAddress);

    [JsonIgnore] public IPEndPoint RaftListen => new(Listen.Address, Listen.Port + 1);

    [JsonIgnore] public IPEndPoint RaftAdvertise => new(IPAddress.Parse(AdvertiseAddress), Listen.Port + 1);

    /// <summary>host:port others reach this manager's cluster port at.</summary>
    [JsonIgnore] public string ClusterAddress => new IPEndPoint(IPAddress.Parse(AdvertiseAddress), Listen.Port).ToString();

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public static NodeMembership? Load(ClusterPaths paths)
        => File.Exists(paths.State) ? JsonSerializer.Deserialize<NodeMembership>(File.ReadAllText(paths.State), Json) : null;

    /// <summary>Written whole or not at all (a temporary file renamed over the old one).</summary>
    public void Save(ClusterPaths paths)
    {
        Directory.CreateDirectory(paths.Root);
        var temporary = paths.State + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, paths.State, overwrite: true);
    }
}
