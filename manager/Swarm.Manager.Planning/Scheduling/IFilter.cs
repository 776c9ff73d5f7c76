using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Scheduling;

/// <summary>One reason a node may not take a task (SwarmKit's scheduler.Filter).</summary>
public interface IFilter
{
    /// <summary>Prepares the filter for a task; false when the filter has nothing to check for it.</summary>
    bool SetTask(SwarmTask task);

    /// <summary>True when the node may take the task given at <see cref="SetTask"/>.</summary>
    bool Check(NodeInfo node);

    /// <summary>Why <paramref name="nodes"/> nodes were rejected, e.g. "insufficient resources on 2 nodes".</summary>
    string Explain(int nodes);
}
