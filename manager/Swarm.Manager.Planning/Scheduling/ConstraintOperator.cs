namespace Swarm.Manager.Planning.Scheduling;

/// <summary>The two operators SwarmKit accepts in a placement constraint, tried in this order.</summary>
public enum ConstraintOperator
{
    Equal = 0,
    NotEqual = 1,
}
