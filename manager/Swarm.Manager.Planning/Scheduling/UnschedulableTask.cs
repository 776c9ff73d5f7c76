namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// A task no node can take now: it stays PENDING with <see cref="Explanation"/> as its status error, shown by
/// `service ps`, e.g. "no suitable node (insufficient resources on 2 nodes)".
/// </summary>
public sealed record UnschedulableTask(string TaskId, string Explanation);
