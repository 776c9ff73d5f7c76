namespace Swarm.Manager.Planning.Scheduling;

/// <summary>A scheduling decision: the task moves to ASSIGNED on this node.</summary>
public sealed record TaskAssignment(string TaskId, string NodeId);
