namespace Swarm.Cli.Daemon.Cluster;

/// <summary>Where a node keeps its swarm membership: one directory, removed whole when the node leaves.</summary>
internal sealed record ClusterPaths(string Root)
{
    public static ClusterPaths Under(string dataRoot) => new(Path.Combine(dataRoot, "swarm"));

    public string State => Path.Combine(Root, "state.json");

    public string Certificates => Path.Combine(Root, "certificates");

    public string Raft => Path.Combine(Root, "raft");

    public string Agent => Path.Combine(Root, "agent");
}
