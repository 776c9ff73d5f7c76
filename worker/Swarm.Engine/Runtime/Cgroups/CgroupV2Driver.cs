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
        if (limits.MemoryBytes > 0)
            CgroupFiles.Write(dir, "memory.max", CgroupFiles.N(limits.MemoryBytes));
        if (limits.CpuShares > 0) // Docker's shares → weight mapping (2..262144 → 1..10000)
            CgroupFiles.Write(dir, "cpu.weight", CgroupFiles.N(1 + ((Math.Clamp(limits.CpuShares, 2, 262144) - 2) * 9999 / 262142)));
        if (limits.NanoCpus > 0)
            CgroupFiles.Write(dir, "cpu.max", $"{CgroupFiles.N(Math.Max(1000, limits.NanoCpus * 100_000 / 1_000_000_000))} 100000");
        if (limits.PidsLimit > 0)
            CgroupFiles.Write(dir, "pids.max", CgroupFiles.N(limits.PidsLimit));
        return [dir];
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
