using Swarm.Api.Objects;

namespace Swarm.Manager.LogBroker;

/// <summary>What one reader asks for: the tasks grouped by the node that runs them, and the read options.</summary>
public sealed record LogSelection(IReadOnlyDictionary<string, IReadOnlyList<SwarmTask>> TasksByNode, Swarm.Api.Dispatch.LogOptions Options)
{
    /// <summary>
    /// The tasks worth asking about: those placed on a node (an unplaced task never ran). With follow, only tasks
    /// meant to run (as SwarmKit does: old tasks' lines cannot grow); without, every task whose container may
    /// still hold lines, old ones included, as `docker service logs` shows them.
    /// </summary>
    public static LogSelection Of(IEnumerable<SwarmTask> tasks, Swarm.Api.Dispatch.LogOptions options)
    {
        var byNode = tasks
            .Where(t => t.NodeId.Length > 0 && (!options.Follow || t.DesiredState <= TaskState.Running))
            .GroupBy(t => t.NodeId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<SwarmTask>)g.ToList(), StringComparer.Ordinal);
        return new LogSelection(byNode, options);
    }
}
