using Swarm.Store.NodeHost.Api.Contracts;
using Swarm.Testing;
using Swarm.Testing.Processes;

namespace Swarm.Store.Raft.Tests.Processes;

/// <summary>Writing to, and reading from, a cluster of node processes as a client would.</summary>
internal static class ClusterWrites
{
    /// <summary>Creates a config on whichever node leads, retrying while leadership is moving.</summary>
    public static Task<CreatedConfig> CreateOnLeaderAsync(this ProcessCluster cluster, string name, int size = 64)
        => Eventually.GetAsync(async () =>
        {
            var leader = await cluster.LeaderAsync();
            try
            {
                return await leader.Client.CreateConfigAsync(name, size);
            }
            catch (StoreNodeException e) when (e.IsNotLeader)
            {
                return null;
            }
        }, ProcessCluster.Patience, $"a leader to accept config {name}");

    /// <summary>Every running node's configs after a read barrier, keyed by node name.</summary>
    public static async Task<Dictionary<string, List<ConfigSummary>>> ConfigsAfterBarrierAsync(this ProcessCluster cluster)
    {
        var result = new Dictionary<string, List<ConfigSummary>>();
        foreach (var node in cluster.Running)
            result[node.Name] = await Eventually.GetAsync(() => node.Client.ListConfigsAsync(barrier: true)!, ProcessCluster.Patience, $"a read barrier on {node.Name}");
        return result;
    }
}
