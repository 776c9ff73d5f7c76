using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// The filters in SwarmKit's order; a node is rejected by the first filter that fails, and that filter's count
/// goes up. <see cref="Explain"/> joins the counts, most rejections first, as SwarmKit's pipeline does.
/// SwarmKit's PluginFilter and PlatformFilter are absent: tasks here name no plugins and no image platforms.
/// </summary>
public sealed class Pipeline
{
    private readonly IFilter[] filters;
    private readonly bool[] enabled;
    private readonly int[] failures;

    public Pipeline()
        : this([new ReadyFilter(), new ResourceFilter(), new ConstraintFilter(), new HostPortFilter(), new MaxReplicasFilter()])
    {
    }

    public Pipeline(IReadOnlyList<IFilter> filters)
    {
        this.filters = filters.ToArray();
        enabled = new bool[this.filters.Length];
        failures = new int[this.filters.Length];
    }

    /// <summary>Prepares every filter for the task and forgets earlier rejections.</summary>
    public void SetTask(SwarmTask task)
    {
        for (var i = 0; i < filters.Length; i++)
        {
            enabled[i] = filters[i].SetTask(task);
            failures[i] = 0;
        }
    }

    /// <summary>True when every enabled filter accepts the node; otherwise counts the first rejection.</summary>
    public bool Process(NodeInfo node)
    {
        for (var i = 0; i < filters.Length; i++)
        {
            if (enabled[i] && !filters[i].Check(node))
            {
                failures[i]++;
                return false;
            }
        }
        return true;
    }

    /// <summary>E.g. "insufficient resources on 2 nodes; 1 node not available for new tasks"; "" when none failed.</summary>
    public string Explain()
        => string.Join("; ", Enumerable.Range(0, filters.Length)
            .Where(i => failures[i] > 0)
            .OrderByDescending(i => failures[i]) // stable: equal counts keep the pipeline's order
            .Select(i => filters[i].Explain(failures[i])));

    /// <summary>The message an unplaceable task carries: "no suitable node (...)".</summary>
    public string ExplainNoSuitableNode()
    {
        var explanation = Explain();
        return explanation.Length == 0 ? "no suitable node" : $"no suitable node ({explanation})";
    }
}
