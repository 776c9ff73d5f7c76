namespace Swarm.Exec;

/// <summary>The container's healthcheck reported it unhealthy; the task fails rather than counting as running.</summary>
public sealed class UnhealthyException(string message = "container is unhealthy") : Exception(message);
