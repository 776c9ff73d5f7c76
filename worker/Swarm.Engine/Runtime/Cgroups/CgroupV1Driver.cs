namespace Swarm.Engine.Runtime.Cgroups;

/// <summary>
/// cgroup v1 (and the v1 side of a hybrid host): one directory per controller,
/// <c>/sys/fs/cgroup/{memory,cpu,cpuacct,pids}/&lt;parent&gt;/&lt;id&gt;</c>. cpuacct is joined for CPU accounting.
/// </summary>
internal sealed class CgroupV1Driver(string mountRoot, string parent) : ICgroupDriver
{
    private static readonly string[] Controllers = ["memory", "cpu", "cpuacct", "pids"];

    public string Version => "v1";

    public IReadOnlyList<string> Create(string id, ResourceLimits limits)
    {
        var dirs = Paths(id);
        foreach (var dir in dirs)
            Directory.CreateDirectory(dir);
        string Dir(string controller) => Path.Combine(mountRoot, controller, parent, id);

        if (limits.MemoryBytes > 0)
            CgroupFiles.Write(Dir("memory"), "memory.limit_in_bytes", CgroupFiles.N(limits.MemoryBytes));
        if (limits.CpuShares > 0)
            CgroupFiles.Write(Dir("cpu"), "cpu.shares", CgroupFiles.N(limits.CpuShares));
        if (limits.NanoCpus > 0)
        {
            const long period = 100_000;
            CgroupFiles.Write(Dir("cpu"), "cpu.cfs_period_us", CgroupFiles.N(period));
            CgroupFiles.Write(Dir("cpu"), "cpu.cfs_quota_us", CgroupFiles.N(Math.Max(1000, limits.NanoCpus * period / 1_000_000_000)));
        }

        if (limits.PidsLimit > 0)
            CgroupFiles.Write(Dir("pids"), "pids.max", CgroupFiles.N(limits.PidsLimit));
        return dirs;
    }

    public IReadOnlyList<string> Paths(string id)
        => [.. Controllers.Where(c => Directory.Exists(Path.Combine(mountRoot, c))).Select(c => Path.Combine(mountRoot, c, parent, id))];

    public bool OomKilled(string id)
        => CgroupFiles.ReadKey(Path.Combine(mountRoot, "memory", parent, id), "memory.oom_control", "oom_kill") > 0;

    public CgroupUsage ReadUsage(string id)
    {
        var memory = Path.Combine(mountRoot, "memory", parent, id);
        var limit = CgroupFiles.ReadNumber(memory, "memory.limit_in_bytes");
        return new CgroupUsage(
            CgroupFiles.ReadNumber(Path.Combine(mountRoot, "cpuacct", parent, id), "cpuacct.usage"),
            CgroupFiles.ReadNumber(memory, "memory.usage_in_bytes"),
            limit >= long.MaxValue / 2 ? 0 : limit, // "unlimited" is a page-rounded LONG_MAX
            CgroupFiles.ReadNumber(Path.Combine(mountRoot, "pids", parent, id), "pids.current"));
    }

    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        foreach (var dir in Paths(id))
            await CgroupFiles.RemoveAsync(dir, cancellationToken);
    }
}
