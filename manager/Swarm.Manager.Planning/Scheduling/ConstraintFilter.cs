using Swarm.Api.Errors;
using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// The node must satisfy every placement constraint of the task. Constraints were validated when the service
/// was created; should one still fail to parse here, the filter stands aside, as SwarmKit's does.
/// </summary>
public sealed class ConstraintFilter : IFilter
{
    private IReadOnlyList<Constraint> constraints = [];

    public bool SetTask(SwarmTask task)
    {
        if (task.Spec.Placement is not { Constraints.Count: > 0 } placement)
            return false;
        try
        {
            constraints = Constraint.ParseAll(placement.Constraints);
            return true;
        }
        catch (InvalidSpecException)
        {
            return false;
        }
    }

    public bool Check(NodeInfo node) => Constraint.MatchesAll(constraints, node.Node);

    public string Explain(int nodes)
        => nodes == 1
            ? "scheduling constraints not satisfied on 1 node"
            : $"scheduling constraints not satisfied on {nodes} nodes";
}
