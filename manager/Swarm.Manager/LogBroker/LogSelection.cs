using Swarm.Api.Objects;

namespace Swarm.Manager.LogBroker;

/// <summary>
/// What one reader asks for: the tasks grouped by the node that runs them, the read options, and the services
/// whose new tasks a follower also wants (empty for task logs).
/// </summary>
public sealed record LogSelection(
    IReadOnlyDictionary<string, IReadOnlyList<SwarmTask>> TasksByNode, Swarm.Api.Dispatch.LogOptions Options, IReadOnlySet<string> ServiceIds)
{
    /// <summary>
    /// The tasks worth asking about: those placed on a node (an unplaced task never ran). With follow, only tasks
    /// meant to run (as SwarmKit does: old tasks' lines cannot grow); without, every task whose container may
    /// still hold lines, old ones included, as `docker service logs` shows them.
    /// </summary>
    public static LogSelection Of(IEnumerable<SwarmTask> tasks, Swarm.Api.Dispatch.LogOptions options, IReadOnlySet<string>? serviceIds = null)
    {
        var byNode = tasks
            .Where(t => Wanted(t, options.Follow))
            .GroupBy(t => t.NodeId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<SwarmTask>)g.ToList(), StringComparer.Ordinal);
        return new LogSelection(byNode, options, serviceIds ?? new HashSet<string>());
    }

    public static bool Wanted(SwarmTask task, bool follow)
        => task.NodeId.Length > 0 && (!follow || task.DesiredState <= TaskState.Running);
}
