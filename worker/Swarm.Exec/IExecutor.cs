using Swarm.Api.Objects;

namespace Swarm.Exec;

/// <summary>
/// What a worker runs tasks with (SwarmKit's exec.Executor). The agent owns this contract; the engine and the fake
/// executor in Swarm.Testing implement it, and both pass Swarm.Testing's ExecutorConformance suite.
/// </summary>
public interface IExecutor
{
    /// <summary>The node as the managers should see it: hostname, platform, resources, engine labels.</summary>
    Task<NodeDescription> DescribeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A controller for one task. Creating it does no work, so it is cheap and safe to call again for a task that
    /// already has a container (after an agent restart the controller adopts it instead of starting another).
    /// Throws when the task cannot run here at all (say a secret it references is missing); the agent then
    /// rejects the task with the exception's message.
    /// </summary>
    ITaskController CreateController(SwarmTask task, TaskDependencies dependencies);
}
