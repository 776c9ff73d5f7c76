namespace Swarm.Engine.Runtime.Cgroups;

/// <summary>
/// Creates, limits, reads and removes one cgroup per container under our own parent. Implementations never
/// touch a cgroup they did not create.
/// </summary>
public interface ICgroupDriver
{
    /// <summary>"v1" or "v2".</summary>
    string Version { get; }

    /// <summary>Creates the container's cgroup(s) with limits; returns the directories its processes join.</summary>
    IReadOnlyList<string> Create(string id, ResourceLimits limits);

    /// <summary>The directories a process of this container joins (also used by exec).</summary>
    IReadOnlyList<string> Paths(string id);

    /// <summary>True when the kernel OOM-killed a process of this container.</summary>
    bool OomKilled(string id);

    CgroupUsage ReadUsage(string id);

    /// <summary>Removes the container's cgroups once empty; retries briefly (v1 may report EBUSY right after exit).</summary>
    Task RemoveAsync(string id, CancellationToken cancellationToken);
}

public sealed record CgroupUsage(ulong CpuNanos, ulong MemoryBytes, ulong MemoryLimitBytes, ulong Pids);
