namespace Swarm.Engine.Runtime.Cgroups;

/// <summary>Picks v2 when /sys/fs/cgroup is the unified hierarchy, otherwise v1 (including hybrid hosts).</summary>
public static class CgroupDriverDetector
{
    public static ICgroupDriver Detect(string parent, string mountRoot = "/sys/fs/cgroup")
        => File.Exists(Path.Combine(mountRoot, "cgroup.controllers"))
            ? new CgroupV2Driver(mountRoot, parent)
            : new CgroupV1Driver(mountRoot, parent);
}
