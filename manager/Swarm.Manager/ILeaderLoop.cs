namespace Swarm.Manager;

/// <summary>A control loop that runs only on the leader, until the token (leadership) is cancelled.</summary>
public interface ILeaderLoop
{
    Task RunAsync(CancellationToken leadership);
}
