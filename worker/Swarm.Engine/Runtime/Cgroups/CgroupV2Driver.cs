namespace Swarm.Engine.Runtime.Cgroups;

/// <summary>cgroup v2 (unified): <c>/sys/fs/cgroup/&lt;parent&gt;/&lt;id&gt;</c>, controllers enabled in the parent.</summary>
internal sealed class CgroupV2Driver(string mountRoot, string parent) : ICgroupDriver
{
    public string Version => "v2";

    public IReadOnlyList<string> Create(string id, ResourceLimits limits)
    {
        var parentDir = Path.Combine(mountRoot, parent);
        if (!Directory.Exists(parentDir))
        {
            Directory.CreateDirectory(parentDir);
            TryWrite(mountRoot, "cgroup.subtree_control", "+memory +cpu +pids");
        }

        TryWrite(parentDir, "cgroup.subtree_control", "+memory +cpu +pids");
        var dir = Path.Combine(parentDir, id);
        Directory.CreateDirectory(dir);
        try
        {
            if (limits.MemoryBytes > 0)
                Limit(dir, "memory.max", CgroupFiles.N(limits.MemoryBytes));
            if (limits.CpuShares > 0) // Docker's shares → weight mapping (2..262144 → 1..10000)
                Limit(dir, "cpu.weight", CgroupFiles.N(1 + ((Math.Clamp(limits.CpuShares, 2, 262144) - 2) * 9999 / 262142)));
            if (limits.NanoCpus > 0)
                Limit(dir, "cpu.max", $"{CgroupFiles.N(Math.Max(1000, limits.NanoCpus * 100_000 / 1_000_000_000))} 100000");
            if (limits.PidsLimit > 0)
                Limit(dir, "pids.max", CgroupFiles.N(limits.PidsLimit));
        }
        catch
        {
            Directory.Delete(dir);
            throw;
        }

        return [dir];
    }

    /// <summary>A control file exists only where its controller is enabled (hybrid hosts keep memory, cpu and pids on v1).</summary>
    private static void Limit(string dir, string file, string value)
    {
        if (!File.Exists(Path.Combine(dir, file)))
        {
            var controller = file[..file.IndexOf('.', StringComparison.Ordinal)];
            throw new ContainerStartException($"cannot apply the {controller} limit: the {controller} controller is not enabled for {dir} (cgroup v2)");
        }

        CgroupFiles.Write(dir, file, value);
    }

    public IReadOnlyList<string> Paths(string id) => [Path.Combine(mountRoot, parent, id)];

    public bool OomKilled(string id) => CgroupFiles.ReadKey(Paths(id)[0], "memory.events", "oom_kill") > 0;

    public CgroupUsage ReadUsage(string id)
    {
        var dir = Paths(id)[0];
        return new CgroupUsage(
            CgroupFiles.ReadKey(dir, "cpu.stat", "usage_usec") * 1000,
            CgroupFiles.ReadNumber(dir, "memory.current"),
            CgroupFiles.ReadNumber(dir, "memory.max"), // "max" parses as 0 = unlimited
            CgroupFiles.ReadNumber(dir, "pids.current"));
    }

    public Task RemoveAsync(string id, CancellationToken cancellationToken) => CgroupFiles.RemoveAsync(Paths(id)[0], cancellationToken);

    private static void TryWrite(string dir, string file, string value)
    {
        try
        {
            CgroupFiles.Write(dir, file, value);
        }
        catch (IOException)
        {
            // A controller may be unavailable (or owned by another manager); limits for it then fail loudly later.
        }
    }
}
