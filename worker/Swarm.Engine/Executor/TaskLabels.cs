namespace Swarm.Engine.Executor;

/// <summary>
/// Docker swarm's container labels. The executor finds a task's container again by <see cref="TaskId"/>, so an
/// engine or agent restart adopts the running container instead of creating another.
/// </summary>
public static class TaskLabels
{
    public const string TaskId = "com.docker.swarm.task.id";
    public const string TaskName = "com.docker.swarm.task.name";
    public const string ServiceId = "com.docker.swarm.service.id";
    public const string ServiceName = "com.docker.swarm.service.name";
    public const string NodeId = "com.docker.swarm.node.id";
}
