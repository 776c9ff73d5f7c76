using Microsoft.Extensions.Logging;
using Swarm.Api.Objects;
using Swarm.Manager.Orchestration;
using Swarm.Store;

namespace Swarm.Manager.Membership;

/// <summary>
/// SwarmKit's role manager: moves each node's Role toward its Spec.DesiredRole. A promotion only records the new role
/// (the node then gets a manager certificate and asks to join the Raft cluster). A demotion first removes the node
/// from the Raft membership — never when that would cost the managers their quorum; it waits and tries again — and
/// only then records the worker role. When the node to demote leads, it steps down so the next leader does it.
/// </summary>
public sealed partial class RoleManagerLoop(
    MemoryStore store, IManagerMembership membership, TimeProvider time, ILogger<RoleManagerLoop> logger) : ILeaderLoop
{
    /// <summary>How long a demotion that would lose quorum (or failed) waits before it is tried again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public Task RunAsync(CancellationToken leadership) => LeaderLoop.RunAsync(WatchAsync, LogWatchRestarted, leadership);

    private async Task WatchAsync(CancellationToken leadership)
    {
        using var watch = new DebouncedWatch(store, e => e.ObjectKind == ObjectKind.Node, time, ServiceOrchestrator.DefaultDebounce);
        while (true)
        {
            var retryAt = await ReconcileAsync(leadership);
            await watch.NextAsync(retryAt, leadership);
        }
    }

    /// <summary>One pass over every node whose role differs from its desired role; returns when to retry, if needed.</summary>
    private async Task<DateTimeOffset?> ReconcileAsync(CancellationToken cancellationToken)
    {
        var retry = false;
        foreach (var node in store.Snapshot().Nodes.All().Where(n => n.Role != n.Spec.DesiredRole).ToArray())
        {
            try
            {
                retry |= node.Spec.DesiredRole == NodeRole.Manager
                    ? !await PromoteAsync(node, cancellationToken)
                    : !await DemoteAsync(node, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogChangeFailed(error, node.Id);
                retry = true;
            }
        }
        return retry ? time.GetUtcNow() + RetryDelay : null;
    }

    private async Task<bool> PromoteAsync(Node node, CancellationToken cancellationToken)
    {
        await store.UpdateAsync(tx => tx.Nodes.Update(node with { Role = NodeRole.Manager }), cancellationToken);
        LogPromoted(node.Id);
        return true;
    }

    /// <summary>Returns false when the demotion has to wait (quorum, or this manager leads and resigned).</summary>
    private async Task<bool> DemoteAsync(Node node, CancellationToken cancellationToken)
    {
        var raftAddress = node.ManagerStatus?.RaftAddr;
        if (!string.IsNullOrEmpty(raftAddress) && membership.Members.Contains(raftAddress, StringComparer.OrdinalIgnoreCase))
        {
            if (string.Equals(raftAddress, membership.Self, StringComparison.OrdinalIgnoreCase))
            {
                LogResigning(node.Id);
                await membership.ResignAsync(cancellationToken);
                return false;
            }
            var (members, reachable) = ManagerReachability.Count(store.Snapshot(), membership);
            if (!Quorum.SurvivesRemoval(members, reachable, IsReachable(node)))
            {
                LogWouldLoseQuorum(node.Id, members, reachable);
                return false;
            }
            await membership.RemoveAsync(raftAddress, cancellationToken);
        }
        await store.UpdateAsync(tx =>
        {
            if (tx.Nodes.Get(node.Id) is { Spec.DesiredRole: NodeRole.Worker } current)
                tx.Nodes.Update(current with { Role = NodeRole.Worker, ManagerStatus = null });
        }, cancellationToken);
        LogDemoted(node.Id);
        return true;
    }

    private static bool IsReachable(Node node) => ManagerReachability.IsReachable(node);
}
