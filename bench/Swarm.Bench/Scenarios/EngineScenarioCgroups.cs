namespace Swarm.Bench.Scenarios;

/// <summary>Removes the bench's own (empty) parent cgroups; never touches another parent.</summary>
internal static class EngineScenarioCgroups
{
    public static void RemoveParent(string parent)
    {
        foreach (var controller in new[] { "memory", "cpu", "cpuacct", "pids", "" })
        {
            var dir = Path.Combine("/sys/fs/cgroup", controller, parent);
            try
            {
                if (Directory.Exists(dir))
                    Directory.Delete(dir);
            }
            catch (IOException)
            {
            }
        }
    }
}
