using Swarm.Api.Objects;

namespace Swarm.Manager.Membership;

/// <summary>
/// The cluster's list of removed nodes: a removed node's certificate stays valid until it expires, so until then
/// the dispatcher and the CA refuse it by id. Entries past that date are dropped when the list is next written.
/// </summary>
public static class RemovedNodes
{
    public static string Refusal(string nodeId) => $"node {nodeId} was removed from the swarm; it must join again with a join token";

    /// <summary>The list with <paramref name="nodeId"/> added (kept one certificate lifetime from now), expired entries dropped.</summary>
    public static IReadOnlyDictionary<string, DateTimeOffset> With(Cluster cluster, string nodeId, DateTimeOffset now)
    {
        var kept = cluster.RemovedNodes.Where(r => r.Value > now).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        kept[nodeId] = now + cluster.Spec.CaConfig.NodeCertExpiry;
        return kept;
    }

    public static bool IsRemoved(Cluster? cluster, string nodeId, DateTimeOffset now)
        => cluster is not null && cluster.RemovedNodes.TryGetValue(nodeId, out var until) && until > now;
}
