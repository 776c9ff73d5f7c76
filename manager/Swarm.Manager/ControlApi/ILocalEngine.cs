namespace Swarm.Manager.ControlApi;

/// <summary>
/// What `/info` reports about the containers and images of this node. The daemon implements it over its engine;
/// a manager host without one reports zeros.
/// </summary>
public interface ILocalEngine
{
    Task<EngineSummary> SummarizeAsync(CancellationToken cancellationToken);
}

/// <summary>Docker's /info engine fields: container counts by state, images, storage and cgroup set-up.</summary>
public sealed record EngineSummary(
    int ContainersRunning, int ContainersPaused, int ContainersStopped, int Images,
    string StorageDriver, string CgroupDriver, string CgroupVersion, string RootDir);
